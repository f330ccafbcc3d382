// Existing users' node ids under a tim deployment's own salt and maskseed (config nodeIds.*):
// accounts registered here derive the nodes tim would have, messages to them pass, and nodes
// derived with tim's defaults are refused (4106) under that config.

import { expect, it } from 'vitest';
import { TimType } from '../../src/protocol/timtype.js';
import { userNode } from '../../src/protocol/node-id.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { befriend, tim2, withServer } from '../helpers/tim-server.js';

const SALT = 'deploy-salt-7';
const MASK = 'deploy-mask-7';

await describeEachDatabase('tim drop-in: node ids', (ctx) => {
  const srv = withServer(ctx, { nodeIds: { salt: SALT, maskSeed: MASK } });

  it("registers tim's nodes for the configured salt and maskseed, delivers to them, refuses the default ones (4106)", async () => {
    const reg = async (name: string) => (await tim2(srv.http, TimType.REGISTER, { name, pwd: `pw-${name}-1`, domain: 'tlnet.top' })).n as string;
    const [alice, bob] = [await reg('alice'), await reg('bob')];
    expect(alice).toBe(userNode('alice', 'tlnet.top', SALT, MASK));
    expect(bob).toBe(userNode('bob', 'tlnet.top', SALT, MASK));
    expect(alice).not.toBe(userNode('alice', 'tlnet.top'));
    await befriend(srv.knex, alice, bob);

    const a = await srv.client();
    expect(await a.login('alice', 'pw-alice-1', 'tlnet.top')).toMatchObject({ ok: true, n: alice });
    const b = await srv.client();
    await b.login('bob', 'pw-bob-1', 'tlnet.top');
    const got = b.next('message', (m) => m.dataString === 'hi');
    const echo = await a.send({ toTid: { node: bob }, dataString: 'hi' });
    expect((await got).mid).toBe(echo.mid);

    // A node of tim's default derivation, even of an existing friend, is no node under this config.
    const legacy = await srv.user('carol'); // stored with the default salt and mask
    expect(legacy).toBe(userNode('carol'));
    await befriend(srv.knex, alice, legacy);
    expect(srv.app.core.perms.isValidNode(legacy)).toBe(false);
    await expect(a.send({ toTid: { node: legacy }, dataString: 'lost' })).rejects.toMatchObject({ code: 4106 });
    // a room made here gets a node of the configured mask: it can be messaged
    const ack = b.next('ack', (x) => x.timType === TimType.BUSINESS && x.ok);
    b.business({ rtype: 8, node: 'Garden', reqInt: 2 });
    const room = (await ack).n as string;
    expect(srv.app.core.nodeIds.check(room)).toBe(true);
    const sent = await b.send({ msType: 3, roomTid: { node: room }, dataString: 'in the room' });
    expect(sent.mid).toBeGreaterThan(0);
    expect((await srv.knex('tim_message').select('mid')).length).toBe(2); // 'lost' was never stored
    // a virtual room too: the admin API's node checks accept it under this config
    const vack = a.next('ack', (x) => x.timType === TimType.VROOM && x.ok);
    a.vroom({ rtype: 1 });
    const vnode = (await vack).n as string;
    expect(srv.app.core.perms.isValidNode(vnode)).toBe(true);
  });
});
