// Reads and writes Admiface values by the descriptors of admiface-idl.ts, on the `thrift`
// package's protocol classes (TCompactProtocol over TBufferedTransport, as tim serves it).
//
// Reading follows Thrift's rules: unknown field ids, and fields whose wire type differs from the
// descriptor's, are skipped; absent fields stay undefined. i64 values come back as numbers when
// they are safe integers, else as bigints (the caller decides whether that is acceptable).
// Writing leaves out undefined and null fields.
import thrift from 'thrift';
const { Thrift } = thrift;
const T = Thrift.Type;
export function wireType(t) {
    if (typeof t === 'string') {
        switch (t) {
            case 'bool':
                return T.BOOL;
            case 'i8':
                return T.BYTE;
            case 'i16':
                return T.I16;
            case 'i32':
                return T.I32;
            case 'i64':
                return T.I64;
            default:
                return T.STRING;
        }
    }
    if ('list' in t)
        return T.LIST;
    if ('map' in t)
        return T.MAP;
    return T.STRUCT;
}
export function readStruct(p, def) {
    const out = {};
    p.readStructBegin();
    for (;;) {
        const f = p.readFieldBegin();
        if (f.ftype === T.STOP)
            break;
        const field = def.fields.find((x) => x.id === f.fid);
        if (field === undefined || wireType(field.type) !== f.ftype)
            p.skip(f.ftype);
        else
            out[field.name] = readValue(p, field.type);
        p.readFieldEnd();
    }
    p.readStructEnd();
    return out;
}
function readValue(p, t) {
    if (typeof t === 'string') {
        switch (t) {
            case 'bool':
                return p.readBool();
            case 'i8':
                return p.readByte();
            case 'i16':
                return p.readI16();
            case 'i32':
                return p.readI32();
            case 'i64': {
                const v = p.readI64(); // node-int64: 8 bytes, big-endian
                const big = v.buffer.readBigInt64BE(v.offset);
                return big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big;
            }
            case 'binary':
                return p.readBinary();
            default:
                return p.readString();
        }
    }
    if ('list' in t) {
        const l = p.readListBegin();
        const out = [];
        for (let i = 0; i < l.size; i++) {
            if (l.etype === wireType(t.list))
                out.push(readValue(p, t.list));
            else
                p.skip(l.etype);
        }
        p.readListEnd();
        return out;
    }
    if ('map' in t) {
        const m = p.readMapBegin();
        const out = {};
        const [kt, vt] = t.map;
        for (let i = 0; i < m.size; i++) {
            const k = m.ktype === wireType(kt) ? readValue(p, kt) : (p.skip(m.ktype), undefined);
            const v = m.vtype === wireType(vt) ? readValue(p, vt) : (p.skip(m.vtype), undefined);
            if (typeof k === 'string' && v !== undefined)
                out[k] = v;
        }
        p.readMapEnd();
        return out;
    }
    return readStruct(p, t.struct);
}
export function writeStruct(p, def, v) {
    p.writeStructBegin(def.name);
    for (const f of def.fields) {
        const x = v[f.name];
        if (x === undefined || x === null)
            continue;
        p.writeFieldBegin(f.name, wireType(f.type), f.id);
        writeValue(p, f.type, x);
        p.writeFieldEnd();
    }
    p.writeFieldStop();
    p.writeStructEnd();
}
function writeValue(p, t, v) {
    if (typeof t === 'string') {
        switch (t) {
            case 'bool':
                return p.writeBool(Boolean(v));
            case 'i8':
                return p.writeByte(Number(v));
            case 'i16':
                return p.writeI16(Number(v));
            case 'i32':
                return p.writeI32(Number(v));
            case 'i64':
                return p.writeI64(typeof v === 'bigint' ? new thrift.Int64(BigInt.asUintN(64, v).toString(16).padStart(16, '0')) : Number(v));
            case 'binary':
                return p.writeBinary(v);
            default:
                return p.writeString(String(v));
        }
    }
    if ('list' in t) {
        const list = v;
        p.writeListBegin(wireType(t.list), list.length);
        for (const e of list)
            writeValue(p, t.list, e);
        p.writeListEnd();
        return;
    }
    if ('map' in t) {
        const entries = Object.entries(v);
        p.writeMapBegin(wireType(t.map[0]), wireType(t.map[1]), entries.length);
        for (const [k, x] of entries) {
            writeValue(p, t.map[0], k);
            writeValue(p, t.map[1], x);
        }
        p.writeMapEnd();
        return;
    }
    writeStruct(p, t.struct, v);
}
//# sourceMappingURL=admiface-codec.js.map