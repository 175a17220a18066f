/**
 * The SQL the app sends for the read scenarios, as captured from MariaDB's general log (TypeORM's text, with
 * the quoting trimmed): the raw baseline runs exactly these through mysql2 to show what the database allows.
 */
const CUSTOMER_COLUMNS = [
  ...['id', 'created_at', 'updated_at', 'version', 'name', 'qq', 'qq_name', 'phone', 'source', 'referral_from'],
  ...['consult_course_id', 'content', 'status', 'consultant_id', 'memo', 'latest_intention', 'last_follow_up_at'],
  ...['next_follow_up_at', 'follow_up_due_at', 'deleted_at'],
];

const LIST_FROM = `FROM customer c LEFT JOIN staff consultant ON consultant.id=c.consultant_id
  LEFT JOIN course course ON course.id=c.consult_course_id`;

const LIST_SELECT = `SELECT ${CUSTOMER_COLUMNS.map((col) => `c.${col} AS c_${col}`).join(', ')},
  consultant.id AS consultant_id, consultant.name AS consultant_name, course.id AS course_id, course.name AS course_name,
  (SELECT JSON_ARRAYAGG(JSON_OBJECT('id', t.id, 'name', t.name)) FROM customer_tags ct
    INNER JOIN tag t ON t.id = ct.tag_id WHERE ct.customer_id = c.id) AS tags_json ${LIST_FROM}`;

export interface ListFilter {
  page: number;
  /** The id of the row a cursor names: the page after it (keyset), as the app reads `cursor`. */
  after?: number;
  pageSize: number;
  status?: number;
  source?: number;
  q?: string;
  consultantId?: number;
}

type Sql = [string, unknown[]];

/** The customer list: one page of rows and the total, as CustomerListService.list sends them. */
export function customerList(filter: ListFilter): [Sql, Sql] {
  const where: string[] = [];
  const params: unknown[] = [];
  const equals = (column: string, value: number | undefined) => {
    if (value === undefined) return;
    where.push(`c.${column} = ?`);
    params.push(value);
  };
  // in the app's order: record scope first, then the filters
  equals('consultant_id', filter.consultantId);
  equals('status', filter.status);
  equals('source', filter.source);
  if (filter.q) {
    const like = `${filter.q.replace(/[!%_]/g, (c) => `!${c}`)}%`;
    where.push(`(${['name', 'qq', 'qq_name', 'phone'].map((col) => `c.${col} LIKE ? ESCAPE '!'`).join(' OR ')})`);
    params.push(like, like, like, like);
  }
  where.push('c.deleted_at IS NULL');
  const counted = `WHERE ${where.join(' AND ')}`;
  const countParams = [...params];
  if (filter.after !== undefined) {
    const k = '(SELECT k.created_at FROM customer k WHERE k.id = ?)';
    where.push(`c.created_at <= ${k} AND ((c.created_at < ${k}) OR (c.created_at = ${k} AND c.id < ?))`);
    params.push(filter.after, filter.after, filter.after, filter.after);
  }
  const order = 'ORDER BY c.created_at DESC, c.id DESC';
  const offset = filter.after === undefined ? (filter.page - 1) * filter.pageSize : 0;
  if (offset) {
    // an offset page reads its ids first, without the joins, then those rows (as applyPage does)
    where.push(
      `c.id IN (SELECT id FROM (SELECT c.id AS id FROM customer c ${counted} ${order} LIMIT ? OFFSET ?) page_ids)`,
    );
    params.push(...countParams, filter.pageSize + 1, offset);
  }
  return [
    [`${LIST_SELECT} WHERE ${where.join(' AND ')} ${order} LIMIT ?`, [...params, filter.pageSize + 1]],
    // the count leaves out the joins its conditions do not use (countUpTo)
    [`SELECT COUNT(*) AS cnt FROM (SELECT c.id AS id FROM customer c ${counted} LIMIT 10001) counted`, countParams],
  ];
}

/** A customer's detail: the customer with consultant, course and tags (and the scope) in one query. */
export function customerDetail(id: number): Sql {
  return [
    `SELECT ${CUSTOMER_COLUMNS.map((col) => `c.${col} AS c_${col}`).join(', ')},
        consultant.id AS consultant_id, consultant.name AS consultant_name, course.id AS course_id,
        course.name AS course_name, tag.id AS tag_id, tag.created_at AS tag_created_at,
        tag.updated_at AS tag_updated_at, tag.name AS tag_name ${LIST_FROM}
        LEFT JOIN customer_tags c_tag ON c_tag.customer_id=c.id LEFT JOIN tag tag ON tag.id=c_tag.tag_id
        WHERE c.id = ? AND c.deleted_at IS NULL`,
    [id],
  ];
}
