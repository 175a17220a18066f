import React from 'react';
import { useTranslation, type ActionProps } from 'adminjs';
import { Box, Button, DrawerContent, H3, Text } from '@adminjs/design-system';
import { langOf } from './format.ts';

const DOWNLOADS = '/admin/downloads';

/** The customer's printable profile (PDF, in a new tab): in the page's language first, or the other one. */
export default function PrintProfile({ record }: ActionProps) {
  const { translateComponent, i18n } = useTranslation();
  const t = (key: string) => translateComponent(`PrintProfile.${key}`);
  if (!record) return null;
  const shown = langOf(i18n.language);
  const langs = shown === 'zh' ? (['zh', 'en'] as const) : (['en', 'zh'] as const);
  const href = (lang: string) =>
    `${DOWNLOADS}/customers/${encodeURIComponent(record.id)}/profile.pdf?${new URLSearchParams({ lang })}`;
  return (
    <DrawerContent data-testid="print-profile">
      <H3>{t('title')}</H3>
      <Text mb="xl">{t('intro')}</Text>
      <Box flex flexDirection="column" style={{ gap: 12 }}>
        {langs.map((lang, i) => (
          <Button
            key={lang}
            as="a"
            href={href(lang)}
            target="_blank"
            rel="noopener"
            variant={i === 0 ? 'contained' : 'outlined'}
            data-testid={`print-profile-${lang}`}
          >
            {t(`print.${lang}`)}
          </Button>
        ))}
      </Box>
    </DrawerContent>
  );
}
