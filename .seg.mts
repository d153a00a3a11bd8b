import { chromium } from 'playwright-core';
import fs from 'node:fs';
const [png, width, out] = [process.argv[2]!, Number(process.argv[3]), process.argv[4]!];
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless','--no-sandbox','--disable-gpu'] });
const p = await b.newPage({ viewport: { width, height: 1200 } });
await p.setContent(`<body style="margin:0"><img src="data:image/png;base64,${fs.readFileSync(png).toString('base64')}"></body>`);
const h = await p.evaluate(() => document.images[0]!.naturalHeight);
let i = 0;
for (let y = 0; y < h; y += 1300) { await p.screenshot({ path: `${out}-${i++}.png`, fullPage: true, clip: { x: 0, y, width, height: Math.min(1300, h - y) } }); }
console.log(h, i);
await b.close();
