import type { Page } from 'playwright-core';
import { Staff } from '../src/auth/entities/staff.entity.js';
import { EnrollmentStatus, FeedbackStatus, FollowUpIntention } from '../src/common/codes/codes.js';
import { Customer } from '../src/customers/entities/customer.entity.js';
import { Enrollment } from '../src/enrollment/entities/enrollment.entity.js';
import { Feedback } from '../src/feedback/entities/feedback.entity.js';
import { FollowUp } from '../src/sales/entities/follow-up.entity.js';
import {
  BROWSER_SETUP_MS,
  describeInBrowser,
  signIn as signInAt,
  startBrowserSession,
  type BrowserSession,
} from './support/browser.js';
import type { TestApp } from './support/test-app.js';

/**
 * Issue 6's "done when", in Chinese: the demo school's manager signs in at /admin and, by clicking only, finds a
 * customer, logs a follow-up, approves an agreed contract and resolves a feedback ticket.
 */
describeInBrowser('back office in a browser: a manager works the demo school in Chinese', () => {
  let session: BrowserSession;
  let t: TestApp;

  beforeAll(async () => {
    session = await startBrowserSession({ DEMO_DATA: 'true' });
    t = session.t;
  }, BROWSER_SETUP_MS);
  afterAll(() => session?.close());

  async function signIn(): Promise<Page> {
    const context = await session.browser.newContext({ locale: 'zh-CN', viewport: { width: 1600, height: 1000 } });
    const page = await context.newPage();
    await signInAt(page, session.base, 'chenjing', 'Demo@2026');
    await page.waitForURL((url) => url.pathname !== '/admin/login');
    return page;
  }

  const repo = <T extends object>(entity: new () => T) => t.dataSource.getRepository(entity);

  it('finds a customer, logs a follow-up, approves a contract and resolves a ticket', async () => {
    const page = await signIn();
    const manager = await repo(Staff).findOneByOrFail({ username: 'chenjing' });

    // find a customer by name from the customer list
    const customer = await repo(Customer).findOneByOrFail({ name: '张丽' });
    await page.goto(`${session.base}/admin/resources/Customer`);
    await page.getByText('筛选', { exact: true }).click();
    await page.locator('[data-testid="property-filter-q"] input').fill('张丽');
    await page.getByRole('button', { name: '应用' }).click();
    await page.locator('table tbody').getByText('张丽', { exact: true }).click();
    await page.waitForURL(new RegExp(`/Customer/records/${customer.id}/show`));

    // log a follow-up from the customer's page: the form opens with the customer chosen
    await page.getByTestId('action-logFollowUp').click();
    await page.waitForURL(/FollowUp\/actions\/new\?customerId=/);
    await page.locator('[data-testid="property-edit-customerId"]').getByText('张丽').waitFor();
    await page.locator('[data-testid="property-edit-intention"] .adminjs_Select').click();
    await page.getByRole('option', { name: '1个月内报名', exact: true }).click();
    await page.locator('[data-testid="property-edit-content"] textarea').fill('电话回访：下月初来校试听');
    await page.getByTestId('button-save').click();
    await page.waitForURL(/FollowUp\/records\/\d+\/show/);
    expect(await repo(FollowUp).findOneByOrFail({ content: '电话回访：下月初来校试听' })).toMatchObject({
      customerId: customer.id,
      intention: FollowUpIntention.code.withinMonth,
    });

    // approve an agreed contract: the button opens a confirmation page showing the enrollment
    const agreed = await repo(Enrollment).findOneByOrFail({ status: EnrollmentStatus.code.agreed });
    await page.goto(`${session.base}/admin/resources/Enrollment/records/${agreed.id}/show`);
    await page.getByTestId('action-approve').click();
    await page.getByText('确定审核通过该合同？').waitFor();
    expect((await repo(Enrollment).findOneByOrFail({ id: agreed.id })).status).toBe(EnrollmentStatus.code.agreed);
    await page.getByTestId('confirm-step').click();
    await page.getByText('合同已审核通过').waitFor();
    expect(await repo(Enrollment).findOneByOrFail({ id: agreed.id })).toMatchObject({
      status: EnrollmentStatus.code.approved,
      approvedById: manager.id,
    });

    // resolve the ticket in progress from the feedback list
    const ticket = await repo(Feedback).findOneByOrFail({ title: '周末班调课通知太晚' });
    await page.goto(`${session.base}/admin/resources/Feedback`);
    await page.locator('table tbody').getByText('周末班调课通知太晚').click();
    await page.waitForURL(new RegExp(`/Feedback/records/${ticket.id}/show`));
    await page.getByTestId('action-resolve').click();
    await page.waitForURL(/FeedbackResolution\/records\/\d+\/edit/);
    await page
      .locator('[data-testid="property-edit-resolution"] textarea')
      .fill('已调整教务流程：调课至少提前三天通知');
    await page.getByTestId('button-save').click();
    await page.waitForURL(new RegExp(`/Feedback/records/${ticket.id}/show`));
    expect((await repo(Feedback).findOneByOrFail({ id: ticket.id })).status).toBe(FeedbackStatus.code.resolved);
    await page.context().close();
  });
});
