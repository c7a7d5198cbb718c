import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type request from 'supertest';
import { ATTACHMENT_STORE, type AttachmentStore } from '../src/modules/updates/attachment-store';
import { startTestApp, type TestApp } from './support/app';
import { addMember, createCollaboration, createUser, dataSourceOf, type UserAgent } from './support/fixtures';
import {
  createActivity,
  createIndicator,
  type MeasurementFixture,
  measurementFixture,
} from './support/measurement-fixture';

const MAX = 64 * 1024;
let t: TestApp;
let fx: MeasurementFixture;
let funder: UserAgent;
let dir: string;
let indicatorId: string;
let activityId: string;

const PNG_HEAD = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const png = (size: number) => Buffer.concat([PNG_HEAD, randomBytes(size - PNG_HEAD.length)]);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

/** A multipart post with fields and files (name → bytes). */
function postMultipart(
  a: UserAgent,
  fields: Record<string, string>,
  files: [string, Buffer][] = [],
): request.Test {
  let req = a.http.post(`${fx.base}/updates`).set('x-csrf-token', a.csrf ?? '');
  for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
  for (const [name, bytes] of files) req = req.attach('attachments', bytes, name);
  return req;
}

/** Every file under the attachment folder (partials too). */
async function storedFiles(): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string) => {
    for (const e of await readdir(d, { withFileTypes: true }).catch(() => [])) {
      if (e.isDirectory()) await walk(join(d, e.name));
      else out.push(join(d, e.name));
    }
  };
  await walk(dir);
  return out;
}
const count = async (table: string) =>
  Number((await dataSourceOf(t).query(`SELECT count(*)::int AS n FROM ${table}`))[0].n);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'constellation-updates-'));
  t = await startTestApp({ ATTACHMENT_DIR: dir, ATTACHMENT_MAX_BYTES: String(MAX) });
  fx = await measurementFixture(t);
  funder = await createUser(t, { name: 'Fiona Funder' });
  await addMember(t, fx.collaborationId, funder.user.id, 'funder');
  indicatorId = await createIndicator(t, fx, { periodicity: 'quarter' });
  activityId = await createActivity(t, fx, fx.partnerId, [indicatorId]);
});
afterAll(async () => {
  await t?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('posting and reading', () => {
  it('the backbone and partners post (JSON); a funder may not (403); audited', async () => {
    const staff = await fx.staff.post(`${fx.base}/updates`, {
      body: 'Kick-off **done**',
      audience: 'members_and_funders',
    });
    expect(staff.status).toBe(201);
    expect(staff.body).toMatchObject({
      body: 'Kick-off **done**',
      audience: 'members_and_funders',
      author: { id: fx.staff.user.id, name: 'Backbone Staff' },
      link: null,
      pinned: false,
      attachments: [],
      canEdit: true,
      canDelete: true,
    });
    expect(staff.body.reactions).toHaveLength(5);
    const partner = await fx.partner.post(`${fx.base}/updates`, {
      body: 'Our first sessions ran',
      indicatorId,
    });
    expect(partner.status).toBe(201);
    expect(partner.body).toMatchObject({ audience: 'members', link: { type: 'indicator', id: indicatorId } });
    expect(partner.body.author.organisationName).toEqual(expect.any(String));

    const denied = await funder.post(`${fx.base}/updates`, { body: 'I am read-only' });
    expect(denied.status).toBe(403);

    const audit = await dataSourceOf(t).query(
      `SELECT action, actor_id AS "actorId", after FROM audit_events WHERE entity = 'update' AND entity_id = $1`,
      [partner.body.id],
    );
    expect(audit).toEqual([
      {
        action: 'update.create',
        actorId: fx.partner.user.id,
        after: expect.objectContaining({ body: 'Our first sessions ran', indicatorId }),
      },
    ]);
  });

  it('bad input is 400 naming the field, and nothing is written', async () => {
    const before = await count('updates');
    const cases: [object, string][] = [
      [{ body: '' }, 'body'],
      [{ body: 'x', audience: 'everyone' }, 'audience'],
      [{ body: 'x', goalId: fx.goalId, indicatorId }, 'indicatorId'],
      [{ body: 'x', extra: 1 }, ''],
      [{ body: 'x', goalId: 'nope' }, 'goalId'],
    ];
    for (const [body, path] of cases) {
      const res = await fx.staff.post(`${fx.base}/updates`, body);
      expect(res.status).toBe(400);
      expect(res.body.details.map((d: { path: string }) => d.path)).toContain(path);
    }
    // a link to something of another collaboration
    const admin2 = await createUser(t);
    const c2 = await createCollaboration(admin2);
    const foreign = await fx.staff.post(`${fx.base}/updates`, { body: 'x', goalId: c2.goals[0]!.id });
    expect(foreign.status).toBe(400);
    expect(foreign.body.details).toEqual([
      { path: 'goalId', message: 'is not a goal of this collaboration' },
    ]);
    expect(await count('updates')).toBe(before);
  });

  it('audience: funders see only posts marked for them (another post by id is 404); partners see all; non-members and other collaborations get 404', async () => {
    const members = await fx.staff.post(`${fx.base}/updates`, { body: 'Members only: budget draft' });
    const both = await fx.staff.post(`${fx.base}/updates`, {
      body: 'For everyone: the report is out',
      audience: 'members_and_funders',
    });
    const feed = await funder.get(`${fx.base}/updates?limit=50`);
    expect(feed.status).toBe(200);
    const ids = feed.body.items.map((u: { id: string }) => u.id);
    expect(ids).toContain(both.body.id);
    expect(ids).not.toContain(members.body.id);
    expect(
      feed.body.items.every(
        (u: { audience: string; canEdit: boolean; canDelete: boolean }) =>
          u.audience === 'members_and_funders' && !u.canEdit && !u.canDelete,
      ),
    ).toBe(true);
    const hidden = await funder.get(`${fx.base}/updates/${members.body.id}`);
    expect(hidden.status).toBe(404);
    expect(hidden.body.message).toBe('Update not found');
    expect((await funder.get(`${fx.base}/updates/${both.body.id}`)).status).toBe(200);

    const partnerIds = (await fx.other.get(`${fx.base}/updates?limit=50`)).body.items.map(
      (u: { id: string }) => u.id,
    );
    expect(partnerIds).toEqual(expect.arrayContaining([members.body.id, both.body.id]));

    const outsider = await createUser(t);
    expect((await outsider.get(`${fx.base}/updates`)).status).toBe(404);
    expect((await outsider.get(`${fx.base}/updates/${both.body.id}`)).status).toBe(404);
    const c2 = await createCollaboration(outsider);
    expect((await outsider.get(`/api/collaborations/${c2.id}/updates/${both.body.id}`)).status).toBe(404);
    expect((await outsider.put(`/api/collaborations/${c2.id}/updates/${both.body.id}/pin`)).status).toBe(404);
    expect((await outsider.get(`/api/collaborations/${c2.id}/updates`)).body.items).toEqual([]);
  });

  it('pinned first, then newest first; cursor pages do not repeat or skip; filters by goal, indicator and activity', async () => {
    const admin = await createUser(t);
    const c = await createCollaboration(admin);
    const base = `/api/collaborations/${c.id}`;
    const made: string[] = [];
    for (let i = 0; i < 7; i++)
      made.push((await admin.post(`${base}/updates`, { body: `post ${i}` })).body.id);
    const goalPost = (await admin.post(`${base}/updates`, { body: 'on the goal', goalId: c.goals[0]!.id }))
      .body.id as string;
    expect((await admin.put(`${base}/updates/${made[1]}/pin`)).body.pinned).toBe(true);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: request.Response = await admin.get(
        `${base}/updates?limit=3${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(res.status).toBe(200);
      seen.push(...res.body.items.map((u: { id: string }) => u.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([made[1], goalPost, made[6], made[5], made[4], made[3], made[2], made[0]]);

    const byGoal = await admin.get(`${base}/updates?goalId=${c.goals[0]!.id}`);
    expect(byGoal.body.items.map((u: { id: string }) => u.id)).toEqual([goalPost]);
    expect(byGoal.body.items[0].link).toEqual({ type: 'goal', id: c.goals[0]!.id, label: c.goals[0]!.title });

    await fx.partner.post(`${fx.base}/updates`, { body: 'the activity started', activityId });
    const byActivity = await fx.staff.get(`${fx.base}/updates?activityId=${activityId}`);
    expect(byActivity.body.items.map((u: { body: string }) => u.body)).toEqual(['the activity started']);
    const byIndicator = await fx.staff.get(`${fx.base}/updates?indicatorId=${indicatorId}`);
    expect(byIndicator.body.items.map((u: { body: string }) => u.body)).toEqual(['Our first sessions ran']);

    const bad = await admin.get(`${base}/updates?cursor=not-a-real-cursor`);
    expect(bad.status).toBe(400);
    expect(bad.body.details).toEqual([
      { path: 'query.cursor', message: 'is not a cursor from a previous page' },
    ]);
  });
});

describe('pins, reactions, edit and delete', () => {
  it('only the backbone pins (partners 403); pin and unpin are audited once', async () => {
    const post = await fx.partner.post(`${fx.base}/updates`, { body: 'Pin me' });
    expect((await fx.partner.put(`${fx.base}/updates/${post.body.id}/pin`)).status).toBe(403);
    expect((await fx.partnerAdmin.put(`${fx.base}/updates/${post.body.id}/pin`)).status).toBe(403);
    const pinned = await fx.staff.put(`${fx.base}/updates/${post.body.id}/pin`);
    expect(pinned.status).toBe(200);
    expect(pinned.body).toMatchObject({ pinned: true, pinnedAt: expect.any(String) });
    expect((await fx.staff.put(`${fx.base}/updates/${post.body.id}/pin`)).status).toBe(200);
    const unpinned = await fx.admin.delete(`${fx.base}/updates/${post.body.id}/pin`);
    expect(unpinned.body.pinned).toBe(false);
    const audit = await dataSourceOf(t).query(
      `SELECT action FROM audit_events WHERE entity = 'update' AND entity_id = $1 ORDER BY id`,
      [post.body.id],
    );
    expect(audit.map((a: { action: string }) => a.action)).toEqual([
      'update.create',
      'update.pin',
      'update.unpin',
    ]);
  });

  it('reactions toggle per person and are idempotent; counts and mine; funders cannot react; unknown reaction 400', async () => {
    const post = await fx.staff.post(`${fx.base}/updates`, {
      body: 'React to me',
      audience: 'members_and_funders',
    });
    const url = `${fx.base}/updates/${post.body.id}/reactions`;
    const r1 = await fx.partner.put(`${url}/heart`);
    expect(r1.status).toBe(200);
    expect(r1.body.reactions.find((r: { reaction: string }) => r.reaction === 'heart')).toEqual({
      reaction: 'heart',
      count: 1,
      mine: true,
    });
    expect(
      (await fx.partner.put(`${url}/heart`)).body.reactions.find(
        (r: { reaction: string }) => r.reaction === 'heart',
      ).count,
    ).toBe(1);
    const r2 = await fx.other.put(`${url}/heart`);
    expect(r2.body.reactions.find((r: { reaction: string }) => r.reaction === 'heart')).toEqual({
      reaction: 'heart',
      count: 2,
      mine: true,
    });
    const staffView = await fx.staff.get(`${fx.base}/updates/${post.body.id}`);
    expect(staffView.body.reactions.find((r: { reaction: string }) => r.reaction === 'heart')).toEqual({
      reaction: 'heart',
      count: 2,
      mine: false,
    });
    const off = await fx.partner.delete(`${url}/heart`);
    expect(off.body.reactions.find((r: { reaction: string }) => r.reaction === 'heart')).toEqual({
      reaction: 'heart',
      count: 1,
      mine: false,
    });
    expect((await fx.partner.delete(`${url}/heart`)).status).toBe(200);
    expect((await funder.put(`${url}/tada`)).status).toBe(403);
    const bad = await fx.partner.put(`${url}/skull`);
    expect(bad.status).toBe(400);
    expect(bad.body.details[0].path).toBe('params.reaction');
    expect(
      await dataSourceOf(t).query(`SELECT count(*)::int AS n FROM update_reactions WHERE update_id = $1`, [
        post.body.id,
      ]),
    ).toEqual([{ n: 1 }]);
    const audit = await dataSourceOf(t).query(
      `SELECT action FROM audit_events WHERE entity = 'update' AND entity_id = $1 AND action LIKE 'update.%react' ORDER BY id`,
      [post.body.id],
    );
    expect(audit.map((a: { action: string }) => a.action)).toEqual([
      'update.react',
      'update.react',
      'update.unreact',
    ]);
  });

  it('authors edit their own posts (others 403); the author or the backbone deletes (other partners 403); audited with before/after', async () => {
    const post = await fx.partner.post(`${fx.base}/updates`, { body: 'Typo hre' });
    const id = post.body.id as string;
    expect((await fx.other.patch(`${fx.base}/updates/${id}`, { body: 'hijack' })).status).toBe(403);
    expect((await fx.staff.patch(`${fx.base}/updates/${id}`, { body: 'hijack' })).status).toBe(403);
    const edited = await fx.partner.patch(`${fx.base}/updates/${id}`, {
      body: 'Typo here',
      audience: 'members_and_funders',
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({
      body: 'Typo here',
      audience: 'members_and_funders',
      editedAt: expect.any(String),
    });
    expect((await fx.partner.patch(`${fx.base}/updates/${id}`, {})).status).toBe(400);
    expect((await fx.other.delete(`${fx.base}/updates/${id}`)).status).toBe(403);
    expect((await funder.delete(`${fx.base}/updates/${id}`)).status).toBe(403);
    expect((await fx.staff.delete(`${fx.base}/updates/${id}`)).status).toBe(204);
    expect((await fx.partner.get(`${fx.base}/updates/${id}`)).status).toBe(404);
    const own = await fx.other.post(`${fx.base}/updates`, { body: 'mine to delete' });
    expect((await fx.other.delete(`${fx.base}/updates/${own.body.id}`)).status).toBe(204);
    const audit = await dataSourceOf(t).query(
      `SELECT action, before, after FROM audit_events WHERE entity = 'update' AND entity_id = $1 ORDER BY id`,
      [id],
    );
    expect(audit.map((a: { action: string }) => a.action)).toEqual([
      'update.create',
      'update.edit',
      'update.delete',
    ]);
    expect(audit[1]).toMatchObject({
      before: { body: 'Typo hre', audience: 'members' },
      after: { body: 'Typo here', audience: 'members_and_funders' },
    });
  });
});

describe('attachments', () => {
  it('round trip: stored on disk, downloaded byte-identical as an attachment with nosniff; access checked as the post', async () => {
    const image = png(MAX - 10);
    const res = await postMultipart(fx.staff, { body: 'With files', audience: 'members' }, [
      ['chart.png', image],
      ['report.pdf', PDF],
      ['numbers.csv', Buffer.from('a,b\n1,2\n')],
    ]);
    expect(res.status).toBe(201);
    expect(
      res.body.attachments.map((a: { fileName: string; contentType: string; sizeBytes: number }) => [
        a.fileName,
        a.contentType,
        a.sizeBytes,
      ]),
    ).toEqual([
      ['chart.png', 'image/png', image.length],
      ['report.pdf', 'application/pdf', PDF.length],
      ['numbers.csv', 'text/csv', 8],
    ]);
    expect(await storedFiles()).toHaveLength(3);
    const [first] = res.body.attachments as { id: string }[];
    const url = `${fx.base}/updates/${res.body.id}/attachments/${first!.id}`;
    const dl = await fx.other
      .get(url)
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(dl.status).toBe(200);
    expect(Buffer.compare(dl.body as Buffer, image)).toBe(0);
    expect(dl.headers['content-type']).toBe('image/png');
    expect(dl.headers['content-disposition']).toBe(
      `attachment; filename="chart.png"; filename*=UTF-8''chart.png`,
    );
    expect(dl.headers['x-content-type-options']).toBe('nosniff');

    // members-only post: a funder gets 404 for its files; another collaboration's admin too
    expect((await funder.get(url)).status).toBe(404);
    const admin2 = await createUser(t);
    const c2 = await createCollaboration(admin2);
    expect(
      (await admin2.get(`/api/collaborations/${c2.id}/updates/${res.body.id}/attachments/${first!.id}`))
        .status,
    ).toBe(404);
    // once marked for funders, the funder can download
    await fx.staff.patch(`${fx.base}/updates/${res.body.id}`, { audience: 'members_and_funders' });
    expect((await funder.get(url)).status).toBe(200);

    // deleting the post removes its files
    expect((await fx.staff.delete(`${fx.base}/updates/${res.body.id}`)).status).toBe(204);
    expect(await storedFiles()).toEqual([]);
    expect((await fx.other.get(url)).status).toBe(404);
  });

  it('413 for a file over ATTACHMENT_MAX_BYTES, naming the field; nothing half-written (no post, no file)', async () => {
    const posts = await count('updates');
    const res = await postMultipart(fx.staff, { body: 'Too big' }, [
      ['ok.pdf', PDF],
      ['huge.png', png(MAX + 1)],
    ]);
    expect(res.status).toBe(413);
    expect(res.body.message).toMatch(/huge\.png.*larger than/);
    expect(res.body.details).toEqual([
      { path: 'attachments.1', message: expect.stringContaining('must be at most') },
    ]);
    expect(await count('updates')).toBe(posts);
    expect(await count('update_attachments')).toBe(0);
    expect(await storedFiles()).toEqual([]);
  });

  it('415 for disallowed or disguised files (.exe, HTML named .png, SVG, HTML as .txt), naming the field; nothing written', async () => {
    const posts = await count('updates');
    const cases: [string, Buffer][] = [
      ['setup.exe', Buffer.concat([Buffer.from('MZ'), randomBytes(100)])],
      ['photo.png', Buffer.from('<html><body><script>alert(1)</script></body></html>')],
      ['logo.svg', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')],
      ['notes.txt', Buffer.from('  <!DOCTYPE html><html><script>alert(1)</script>')],
      ['page.html', Buffer.from('<p>hi</p>')],
      ['fake.pdf', png(200)],
      ['empty.pdf', Buffer.alloc(0)],
    ];
    for (const [name, bytes] of cases) {
      const res = await postMultipart(fx.partner, { body: 'Sneaky' }, [
        ['fine.pdf', PDF],
        [name, bytes],
      ]);
      expect({ name, status: res.status }).toEqual({ name, status: 415 });
      expect(res.body.details).toEqual([{ path: 'attachments.1', message: expect.any(String) }]);
      expect(res.body.message).toContain(name);
    }
    expect(await count('updates')).toBe(posts);
    expect(await storedFiles()).toEqual([]);
  });

  it('a bad field in a multipart post is 400 and leaves no file; a link in another collaboration too', async () => {
    const posts = await count('updates');
    const res = await postMultipart(fx.staff, { body: '', audience: 'members' }, [['ok.pdf', PDF]]);
    expect(res.status).toBe(400);
    expect(res.body.details[0].path).toBe('body');
    const admin2 = await createUser(t);
    const c2 = await createCollaboration(admin2);
    const foreign = await postMultipart(fx.staff, { body: 'x', goalId: c2.goals[0]!.id }, [['ok.pdf', PDF]]);
    expect(foreign.status).toBe(400);
    expect(foreign.body.details).toEqual([
      { path: 'goalId', message: 'is not a goal of this collaboration' },
    ]);
    expect(await count('updates')).toBe(posts);
    expect(await storedFiles()).toEqual([]);
  });

  it('a store that fails part-way leaves no post and removes the files it had already stored', async () => {
    const store = t.app.get<AttachmentStore>(ATTACHMENT_STORE);
    const realPut = store.put.bind(store);
    let calls = 0;
    const spy = jest.spyOn(store, 'put').mockImplementation(async (key, body, meta) => {
      calls += 1;
      if (calls === 2) {
        body.destroy();
        throw new Error('disk full');
      }
      return realPut(key, body, meta);
    });
    try {
      const posts = await count('updates');
      const res = await postMultipart(fx.staff, { body: 'Half' }, [
        ['one.pdf', PDF],
        ['two.pdf', PDF],
      ]);
      expect(res.status).toBe(500);
      expect(calls).toBe(2);
      expect(await count('updates')).toBe(posts);
      expect(await storedFiles()).toEqual([]);
    } finally {
      spy.mockRestore();
    }
  });

  it('at most 5 files; funders cannot upload', async () => {
    const six = Array.from({ length: 6 }, (_, i) => [`f${i}.pdf`, PDF] as [string, Buffer]);
    const res = await postMultipart(fx.staff, { body: 'many' }, six);
    expect(res.status).toBe(400);
    expect(res.body.details).toEqual([{ path: 'attachments', message: 'must be at most 5 files' }]);
    expect((await postMultipart(funder, { body: 'nope' }, [['ok.pdf', PDF]])).status).toBe(403);
    expect(await storedFiles()).toEqual([]);
  });
});
