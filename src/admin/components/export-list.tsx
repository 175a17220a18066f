import React, { useEffect, useState } from 'react';
import { ApiClient, useTranslation, type ActionProps } from 'adminjs';
import { Box, Button, DrawerContent, H3, Loader, MessageBox, Text } from '@adminjs/design-system';
import { useLocation } from 'react-router';

const api = new ApiClient();

const FILES = [
  ['csv', 'en'],
  ['csv', 'zh'],
  ['xlsx', 'en'],
  ['xlsx', 'zh'],
] as const;

/**
 * The list page's Export drawer: the list as currently filtered (the page's `filters.*`, which the drawer's
 * URL keeps) as CSV or Excel, headers in English or Chinese. The action's handler turns the filters into the
 * download URL with the list's own conversion.
 */
export default function ExportList({ resource, action }: ActionProps) {
  const { translateComponent } = useTranslation();
  const t = (key: string) => translateComponent(`ExportList.${key}`);
  const { search } = useLocation();
  const [url, setUrl] = useState<string>();
  const [problem, setProblem] = useState<string>();
  const filtered = [...new URLSearchParams(search).keys()].some((key) => key.startsWith('filters.'));

  useEffect(() => {
    setUrl(undefined);
    setProblem(undefined);
    api.resourceAction({ resourceId: resource.id, actionName: action.name, params: new URLSearchParams(search) }).then(
      (response) => {
        const data = response.data as { downloadUrl?: string; notice?: { message: string } };
        if (data.downloadUrl) setUrl(data.downloadUrl);
        else setProblem(data.notice?.message ?? '');
      },
      (error: { response?: { data?: { notice?: { message?: string } } } }) =>
        setProblem(error.response?.data?.notice?.message ?? ''),
    );
  }, [resource.id, action.name, search]);

  const href = (format: string, lang: string) =>
    `${url}${url!.includes('?') ? '&' : '?'}${new URLSearchParams({ format, lang })}`;

  return (
    <DrawerContent data-testid="export-list">
      <H3>{t('title')}</H3>
      <Text mb="xl">{t(filtered ? 'filtered' : 'all')}</Text>
      {problem !== undefined && (
        <MessageBox variant="danger" message={`${t('failed')}${problem ? `: ${problem}` : ''}`} />
      )}
      {!url && problem === undefined && <Loader />}
      {url && (
        <Box flex flexDirection="column" style={{ gap: 12 }}>
          {FILES.map(([format, lang]) => (
            <Button
              key={`${format}-${lang}`}
              as="a"
              href={href(format, lang)}
              variant="outlined"
              data-testid={`export-${format}-${lang}`}
            >
              {t(`${format}.${lang}`)}
            </Button>
          ))}
        </Box>
      )}
    </DrawerContent>
  );
}
