// The JSON structures of tim's protocol (docs/protocol.md section 3), as the server holds them after
// decoding. Field names are the wire's (Go tag spelling). Optional fields are absent, never null.
// Byte fields (`dataBinary`, `body`, `extra` values) are Buffers here and base64 on the wire.
export {};
//# sourceMappingURL=wire-types.js.map