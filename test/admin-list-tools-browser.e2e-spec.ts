import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { CustomerStatus } from '../src/common/codes/codes.js';
import {
  BROWSER_SETUP_MS,
  describeInBrowser,
  signIn as signInAt,
  startBrowserSession,
  type BrowserSession,
} from './support/browser.js';
import { adminAuth, staffWithRole } from './support/fixtures.js';
import { ADMIN_PASSWORD, type TestApp } from './support/test-app.js';

// screenshots of the drawers, for a person to look at (SCREENSHOTS=<folder>)
const SCREENSHOTS = process.env.SCREENSHOTS ?? join(tmpdir(), 'easycrm-screenshots');

describeInBrowser('back office in a browser: export, print and import from the customer list', () => {
  let session: BrowserSession;
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let customerId: number;

  async function signIn(page: Page, username: string, password: string): Promise<void> {
    await signInAt(page, base, username, password);
    await page.waitForURL((url) => !url.pathname.endsWith('/login'));
  }

  beforeAll(async () => {
    session = await startBrowserSession();
    ({ t, browser, base } = session);
    const admin = await adminAuth(t);
    await staffWithRole(t, admin, 'lina', 'consultant');
    const created = await t.http
      .post('/api/v1/customers')
      .set(admin)
      .send({ name: '打印客户', qq: '820000001', source: 3 })
      .expect(201);
    customerId = created.body.id;
  }, BROWSER_SETUP_MS);
  afterAll(() => session?.close());

  it("the customer list's Export drawer links the downloads of the list as filtered", async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await signIn(page, 'admin', ADMIN_PASSWORD);
    await page.goto(`${base}/admin/resources/Customer?filters.status=enrolled`);
    await page.getByTestId('action-export').click();
    const csv = page.getByTestId('export-csv-zh');
    await csv.waitFor();
    expect(await csv.getAttribute('href')).toBe(
      `/admin/downloads/lists/customers?status=${CustomerStatus.code.enrolled}&format=csv&lang=zh`,
    );
    expect(await page.getByTestId('export-xlsx-en').getAttribute('href')).toMatch(/status=0&format=xlsx&lang=en$/);
    await page.screenshot({ path: join(SCREENSHOTS, 'export-drawer.png'), animations: 'disabled' });

    // the file behind the link, with the page's session
    const file = await page.request.get(`${base}${await csv.getAttribute('href')}`);
    expect(file.status()).toBe(200);
    expect((await file.text()).replace(/^\uFEFF/, '')).toMatch(/^编号,姓名/);

    await page.goto(`${base}/admin/resources/Customer/records/${customerId}/profilePdf`);
    const print = page.getByTestId('print-profile-en');
    await print.waitFor();
    expect(await print.getAttribute('href')).toBe(`/admin/downloads/customers/${customerId}/profile.pdf?lang=en`);
    await page.screenshot({ path: join(SCREENSHOTS, 'print-drawer.png'), animations: 'disabled' });
    await page.close();

    // hidden from staff without reports.export (a consultant; who may import)
    const consultant = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await signIn(consultant, 'lina', 'lina#Pass2026');
    await consultant.goto(`${base}/admin/resources/Customer`);
    await consultant.getByTestId('action-import').waitFor();
    expect(await consultant.getByTestId('action-export').count()).toBe(0);
    await consultant.close();
  });

  it('checks a customer file (dry run) and imports it from the import page', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await signIn(page, 'admin', ADMIN_PASSWORD);
    await page.goto(`${base}/admin/resources/Customer`);
    await page.getByTestId('action-import').click();
    await page.getByTestId('import-customers').waitFor();
    const csv = ['Name,QQ,Source', '导入甲,830000001,QQ group', '导入乙,abc,Nowhere', '打印客户,820000001,3'];
    await page.getByTestId('import-file').setInputFiles({
      name: 'leads.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv.join('\r\n'), 'utf8'),
    });
    await page.getByTestId('import-check').click();
    await page.getByTestId('import-errors').locator('tbody tr').first().waitFor();
    expect(await page.getByTestId('import-created').innerText()).toMatch(/Created\s+1/);
    expect(await page.getByTestId('import-duplicates').innerText()).toContain('820000001');
    await page.screenshot({ path: join(SCREENSHOTS, 'import-dry-run.png'), fullPage: true, animations: 'disabled' });
    await page
      .getByTestId('import-result')
      .screenshot({ path: join(SCREENSHOTS, 'import-result.png'), animations: 'disabled' });

    await page.getByText('Import only the valid rows').click();
    await page.getByTestId('import-run').click();
    await page.getByText('Imported.').waitFor();
    expect(await page.getByTestId('import-created').innerText()).toMatch(/Created\s+1/);
    await page.screenshot({ path: join(SCREENSHOTS, 'import-done.png'), fullPage: true, animations: 'disabled' });
    await page.close();

    // in Chinese (the browser's language): the page and the export drawer
    const zh = await browser.newPage({ viewport: { width: 1400, height: 1000 }, locale: 'zh-CN' });
    await signIn(zh, 'admin', ADMIN_PASSWORD);
    await zh.goto(`${base}/admin/resources/Customer/actions/import`);
    await zh.getByText('导入客户', { exact: true }).waitFor();
    await zh.getByText('更新该客户').waitFor();
    await zh.screenshot({ path: join(SCREENSHOTS, 'import-zh.png'), animations: 'disabled' });
    await zh.goto(`${base}/admin/resources/Customer/actions/export?filters.status=notEnrolled`);
    await zh.getByText('Excel（中文表头）').waitFor();
    await zh.screenshot({ path: join(SCREENSHOTS, 'export-drawer-zh.png'), animations: 'disabled' });
    await zh.close();
  });
});
