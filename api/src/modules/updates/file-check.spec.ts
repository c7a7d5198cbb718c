import { detectAttachmentType } from './file-check';

const b = (...x: number[]) => Buffer.from(x);

describe('detectAttachmentType', () => {
  it.each([
    ['a.pdf', Buffer.from('%PDF-1.7\n'), 'application/pdf'],
    ['a.PNG', b(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0), 'image/png'],
    ['a.jpg', b(0xff, 0xd8, 0xff, 0xe0), 'image/jpeg'],
    ['a.jpeg', b(0xff, 0xd8, 0xff, 0xe1), 'image/jpeg'],
    ['a.gif', Buffer.from('GIF89a....'), 'image/gif'],
    ['a.webp', Buffer.concat([Buffer.from('RIFF'), b(1, 2, 3, 4), Buffer.from('WEBPVP8 ')]), 'image/webp'],
    [
      'a.xlsx',
      b(0x50, 0x4b, 0x03, 0x04, 1),
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    ],
    [
      'a.docx',
      b(0x50, 0x4b, 0x03, 0x04, 1),
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    ],
    [
      'a.pptx',
      b(0x50, 0x4b, 0x03, 0x04, 1),
      'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    ],
    ['a.csv', Buffer.from('\ufeffname,value\nA, 1 < 2\n'), 'text/csv'],
    ['a.txt', Buffer.from('Plain notes: a < b and c > d'), 'text/plain'],
  ])('%s is accepted as %s', (name, head, type) => {
    expect(detectAttachmentType(name, head)).toBe(type);
  });

  it.each([
    ['setup.exe', Buffer.from('MZ\x90\x00')],
    ['page.html', Buffer.from('<html></html>')],
    ['logo.svg', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>')],
    ['noext', Buffer.from('%PDF-1.7')],
    ['photo.png', Buffer.from('<html><script>alert(1)</script>')],
    ['photo.jpg', Buffer.from('%PDF-1.7')],
    ['fake.pdf', b(0x89, 0x50, 0x4e, 0x47)],
    ['sheet.xlsx', Buffer.from('a,b\n1,2')],
    ['notes.txt', Buffer.from('\n  <!doctype html><p>x</p>')],
    ['notes.txt', Buffer.from('<svg onload=alert(1)>')],
    ['data.csv', b(0x41, 0x00, 0x42)],
    ['a.webp', Buffer.from('RIFF....WAVE')],
  ])('%s with the wrong content is refused', (name, head) => {
    expect(detectAttachmentType(name, head)).toBeNull();
  });
});
