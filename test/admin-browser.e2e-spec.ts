import type { Browser, Page } from 'playwright-core';
import { Customer } from '../src/customers/entities/customer.entity.js';
import {
  BROWSER_SETUP_MS,
  describeInBrowser,
  signIn as signInAt,
  startBrowserSession,
  type BrowserSession,
} from './support/browser.js';
import { adminAuth, staffWithRole, type Auth } from './support/fixtures.js';
import { ADMIN_PASSWORD, type TestApp } from './support/test-app.js';

describeInBrowser('back office in a browser', () => {
  let session: BrowserSession;
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let admin: Auth;
  let lina: { id: number; auth: Auth };
  let linasCustomer: number;
  let othersCustomer: number;

  const customer = async (auth: Auth, name: string, qq: string) =>
    (await t.http.post('/api/v1/customers').set(auth).send({ name, qq, source: 3 }).expect(201)).body.id as number;

  const signIn = (page: Page, username: string, password: string) => signInAt(page, base, username, password);

  async function choose(page: Page, property: string, option: string): Promise<void> {
    await page.locator(`[data-testid="property-edit-${property}"] .adminjs_Select`).click();
    await page.getByRole('option', { name: option, exact: true }).click();
  }

  const table = (page: Page) => page.locator('table tbody');

  beforeAll(async () => {
    session = await startBrowserSession();
    ({ t, browser, base } = session);
    admin = await adminAuth(t);
    lina = await staffWithRole(t, admin, 'lina', 'consultant');
    const wang = await staffWithRole(t, admin, 'wang', 'consultant');
    linasCustomer = await customer(lina.auth, '李娜的客户', '810000001');
    othersCustomer = await customer(wang.auth, '王强的客户', '810000002');
  }, BROWSER_SETUP_MS);
  afterAll(() => session?.close());

  it('refuses a wrong password', async () => {
    const page = await browser.newPage();
    await signIn(page, 'admin', 'wrong password');
    await page.getByText('Wrong username or password').waitFor();
    expect(new URL(page.url()).pathname).toBe('/admin/login');
    await page.close();
  });

  it('signs in, finds, creates, edits and deletes a customer, then reads it all in Chinese', async () => {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    await signIn(page, 'admin', ADMIN_PASSWORD);
    await page.getByText('Customers', { exact: true }).first().click(); // the navigation group
    await page.locator('a[href="/admin/resources/Customer"]').first().click();
    await table(page).getByText('王强的客户').waitFor();

    // filter: search by name
    await page.getByText('Filter', { exact: true }).click();
    await page.locator('[data-testid="property-filter-q"] input').fill('李娜');
    await page.getByRole('button', { name: 'Apply changes' }).click();
    await page.waitForURL(/filters\.q=/);
    await table(page).getByText('李娜的客户').waitFor();
    await expect(table(page).getByText('王强的客户').count()).resolves.toBe(0);

    // create
    await page.goto(`${base}/admin/resources/Customer/actions/new`);
    await page.locator('[data-testid="property-edit-name"] input').fill('浏览器客户');
    await page.locator('[data-testid="property-edit-qq"] input').fill('820000001');
    await choose(page, 'source', 'Zhihu');
    await page.getByTestId('button-save').click();
    await page.waitForURL(/\/records\/\d+\/show/);
    const id = Number(/records\/(\d+)\/show/.exec(page.url())![1]);
    await page.getByText('浏览器客户').first().waitFor();
    expect(await t.dataSource.getRepository(Customer).findOneByOrFail({ id })).toMatchObject({ source: 5 });

    // edit
    await page.goto(`${base}/admin/resources/Customer/records/${id}/edit`);
    await page.locator('[data-testid="property-edit-name"] input').fill('改过的客户');
    await page.getByTestId('button-save').click();
    await page.waitForURL(/\/records\/\d+\/show/);
    await page.getByText('改过的客户').first().waitFor();
    expect((await t.dataSource.getRepository(Customer).findOneByOrFail({ id })).name).toBe('改过的客户');

    // delete (soft)
    await page.getByTestId('action-delete').first().click();
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.waitForURL(/\/resources\/Customer$/);
    const deleted = await t.dataSource.getRepository(Customer).findOneOrFail({ where: { id }, withDeleted: true });
    expect(deleted.deletedAt).not.toBeNull();

    // 中文
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByText('简体中文', { exact: true }).click();
    await page.getByText('客户', { exact: true }).first().waitFor();
    await page.getByText('课程顾问').first().waitFor();
    await table(page).getByText('百度推广').first().waitFor();
    await page.close();
  });

  it("shows a consultant only their own customers and refuses another's by URL", async () => {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    await signIn(page, 'lina', 'lina#Pass2026');
    await page.goto(`${base}/admin/resources/Customer`);
    await table(page).getByText('李娜的客户').waitFor();
    await expect(table(page).getByText('王强的客户').count()).resolves.toBe(0);
    await expect(page.getByRole('link', { name: 'Staff' }).count()).resolves.toBe(0);

    await page.goto(`${base}/admin/resources/Customer/records/${othersCustomer}/show`);
    await page
      .getByText(/cannot be found/)
      .first()
      .waitFor();
    await expect(page.getByText('王强的客户').count()).resolves.toBe(0);
    await page.goto(`${base}/admin/resources/Customer/records/${linasCustomer}/show`);
    await page.getByText('李娜的客户').first().waitFor();
    await page.close();
  });

  it('opens on the dashboard, shows a report as a table, and hides reports from a consultant', async () => {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    await signIn(page, 'admin', ADMIN_PASSWORD);
    const newCustomers = page.getByTestId('tile-newCustomersThisWeek');
    await newCustomers.waitFor();
    expect(await newCustomers.innerText()).toMatch(/New customers this week\s+\d+/);
    await page.getByTestId('tile-revenueThisMonth').getByText(/¥/).waitFor();
    await page.getByTestId('chart-customersByMonth').locator('svg rect').first().waitFor({ state: 'attached' });

    await page.getByRole('link', { name: 'Reports' }).click();
    await page.waitForURL(/\/admin\/pages\/reports/);
    await page.getByTestId('report-funnel-view').locator('table').first().waitFor();
    await page.getByTestId('report-sales').click();
    const sales = page.getByTestId('report-sales-view');
    await sales.getByText('By campus').waitFor();
    await sales.locator('table tbody tr').first().waitFor();
    // the market reports: every channel as a row, and the competitor report's sections
    await page.getByTestId('report-channels').click();
    const channels = page.getByTestId('report-channels-view');
    await channels.getByText('Return on spend').first().waitFor();
    await channels.locator('td', { hasText: 'Baidu ads' }).first().waitFor();
    await page.getByTestId('report-competitors').click();
    await page.getByTestId('report-competitors-view').getByText('By reason').waitFor();
    expect(await page.getByTestId('download-customers-csv').getAttribute('href')).toBe(
      '/admin/downloads/customers?format=csv&lang=en',
    );
    await page.close();

    const consultant = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    await signIn(consultant, 'lina', 'lina#Pass2026');
    await consultant.getByTestId('tile-newCustomersThisWeek').waitFor();
    await expect(consultant.getByRole('link', { name: 'Reports' }).count()).resolves.toBe(0);
    await consultant.close();
  });
});
