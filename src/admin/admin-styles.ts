/** A few rules on top of AdminJS's look, served to every back-office page (admin-router.ts). */
export const ADMIN_STYLES_PATH = '/frontend/assets/easycrm.css';

export const ADMIN_STYLES = `
/* list cells stay on one line; a wide list scrolls sideways instead of breaking names and numbers */
table.adminjs_Table td.adminjs_TableCell { white-space: nowrap; max-width: 28rem; overflow: hidden; text-overflow: ellipsis; }
section[data-css$="-list-table-wrapper"] { overflow-x: auto; }
`;
