import React, { useState } from 'react';
import { useTranslation } from 'adminjs';
import {
  Box,
  Button,
  CheckBox,
  H2,
  H3,
  Label,
  Loader,
  MessageBox,
  Radio,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Text,
} from '@adminjs/design-system';

const UPLOAD_URL = '/admin/uploads/customers/import';

/** What the import answers (CustomerImportResultDto), or its problem JSON (a 422 carries the same fields). */
interface ImportResult {
  dryRun?: boolean;
  rows?: number;
  created?: number;
  updated?: number;
  unchanged?: number;
  skipped?: number;
  failed?: number;
  errors?: { line: number; field: string; message: string }[];
  errorCount?: number;
  duplicates?: { line: number; field: string; value: string; customerNumber: string; action: string }[];
  duplicateCount?: number;
  /** Set on a problem. */
  status?: number;
  detail?: string;
}

type T = (key: string, options?: Record<string, unknown>) => string;

/**
 * Customer import: a CSV or XLSX file with the export's columns. "Check" runs a dry run (nothing changes) and
 * shows what would happen; "Import" imports and shows what happened. Both go to the session's upload route,
 * which calls the API's import service.
 */
export default function ImportCustomers() {
  const { translateComponent } = useTranslation();
  const t: T = (key, options) => translateComponent(`ImportCustomers.${key}`, options);
  const [file, setFile] = useState<File>();
  const [duplicates, setDuplicates] = useState<'skip' | 'update'>('skip');
  const [validRows, setValidRows] = useState(false);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ImportResult>();

  const send = async (dryRun: boolean) => {
    if (!file) return;
    const form = new FormData();
    form.set('file', file);
    form.set('dryRun', String(dryRun));
    form.set('duplicates', duplicates);
    form.set('mode', validRows ? 'valid-rows' : 'all-or-nothing');
    setBusy(true);
    setResult(undefined);
    let outcome: ImportResult;
    try {
      const response = await fetch(UPLOAD_URL, { method: 'POST', body: form, credentials: 'same-origin' });
      const body = (await response.json().catch(() => ({}))) as ImportResult;
      outcome = response.ok ? body : { ...body, status: response.status };
    } catch {
      outcome = { status: 0, detail: '' };
    }
    setBusy(false);
    setResult(outcome);
  };

  const choose = (files: ArrayLike<File> | null | undefined) => {
    setFile(files?.[0] ?? undefined);
    setResult(undefined);
  };

  return (
    <Box variant="card" p="xl" data-testid="import-customers">
      <H2>{t('title')}</H2>
      <Text mb="lg">{t('intro')}</Text>
      <Box mb="lg">
        <Label htmlFor="import-file">{t('file')}</Label>
        <input
          id="import-file"
          type="file"
          accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          onChange={(e) => choose((e.target as unknown as { files?: ArrayLike<File> | null }).files)}
          data-testid="import-file"
        />
      </Box>
      <Box mb="lg">
        <Label>{t('duplicatesChoice')}</Label>
        {(['skip', 'update'] as const).map((choice) => (
          <Box key={choice} flex alignItems="center" mb="sm">
            <Radio
              id={`import-duplicates-${choice}`}
              name="duplicates"
              checked={duplicates === choice}
              onChange={() => setDuplicates(choice)}
            />
            <Label inline htmlFor={`import-duplicates-${choice}`} ml="default">
              {t(`duplicates.${choice}`)}
            </Label>
          </Box>
        ))}
      </Box>
      <Box flex alignItems="center" mb="xl">
        <CheckBox id="import-valid-rows" checked={validRows} onChange={() => setValidRows(!validRows)} />
        <Label inline htmlFor="import-valid-rows" ml="default">
          {t('validRows')}
        </Label>
      </Box>
      <Box flex style={{ gap: 12 }} mb="xl">
        <Button variant="outlined" disabled={!file || busy} onClick={() => send(true)} data-testid="import-check">
          {t('check')}
        </Button>
        <Button variant="contained" disabled={!file || busy} onClick={() => send(false)} data-testid="import-run">
          {t('import')}
        </Button>
      </Box>
      {busy && <Loader />}
      {result && <Outcome result={result} t={t} />}
    </Box>
  );
}

function Outcome({ result, t }: { result: ImportResult; t: T }) {
  const refused = result.status !== undefined;
  const counts = ['rows', 'created', 'updated', 'unchanged', 'skipped', 'failed'] as const;
  const heading = refused ? 'refused' : result.dryRun ? 'checked' : 'imported';
  return (
    <Box data-testid="import-result">
      <MessageBox
        mb="lg"
        variant={refused ? 'danger' : result.failed ? 'info' : 'success'}
        message={`${t(`result.${heading}`)}${refused && result.detail ? `: ${result.detail}` : ''}`}
      />
      {result.rows !== undefined && (
        <Box flex flexWrap="wrap" style={{ gap: 16 }} mb="lg">
          {counts.map((key) => (
            <Box key={key} variant="card" p="default" style={{ minWidth: 110 }} data-testid={`import-${key}`}>
              <Text variant="sm" color="grey60">
                {t(`counts.${key}`)}
              </Text>
              <H3 mb="none">{result[key] ?? 0}</H3>
            </Box>
          ))}
        </Box>
      )}
      {!!result.errors?.length && (
        <Entries
          title={t('errors', { count: result.errorCount ?? result.errors.length })}
          headings={[t('line'), t('field'), t('message')]}
          rows={result.errors.map((e) => [e.line, e.field, e.message])}
          testId="import-errors"
        />
      )}
      {!!result.duplicates?.length && (
        <Entries
          title={t('duplicatesFound', { count: result.duplicateCount ?? result.duplicates.length })}
          headings={[t('line'), t('field'), t('value'), t('customer'), t('actionColumn')]}
          rows={result.duplicates.map((d) => [d.line, d.field, d.value, d.customerNumber, t(`action.${d.action}`)])}
          testId="import-duplicates"
        />
      )}
    </Box>
  );
}

function Entries(props: { title: string; headings: string[]; rows: (string | number)[][]; testId: string }) {
  return (
    <Box mb="lg" style={{ overflowX: 'auto' }} data-testid={props.testId}>
      <H3>{props.title}</H3>
      <Table>
        <TableHead>
          <TableRow>
            {props.headings.map((heading) => (
              <TableCell key={heading}>{heading}</TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {props.rows.map((row, i) => (
            <TableRow key={i}>
              {row.map((cell, j) => (
                <TableCell key={j} style={{ whiteSpace: 'normal' }}>
                  {cell}
                </TableCell>
              ))}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Box>
  );
}
