import React, { useState } from 'react';
import { Box, Button, DrawerContent, Text } from '@adminjs/design-system';
import { ApiClient, BasePropertyComponent, useActionResponseHandler, useTranslation, type ActionProps } from 'adminjs';

const api = new ApiClient();

/**
 * The confirmation page of a one-click workflow step (approve, agree, restore, start, close…): the record as
 * this page read it and one button that POSTs the version shown, so a record someone changed meanwhile is
 * refused (409) instead of being approved unseen.
 */
const ConfirmStep: React.FC<ActionProps> = ({ action, resource, record }) => {
  const { translateMessage, translateAction } = useTranslation();
  const handleResponse = useActionResponseHandler();
  const [busy, setBusy] = useState(false);
  if (!record) return null;

  const confirm = async () => {
    setBusy(true);
    const form = new FormData();
    form.set('version', String(record.params.version ?? ''));
    try {
      handleResponse(
        await api.recordAction({ resourceId: resource.id, recordId: record.id, actionName: action.name, data: form }),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <DrawerContent>
      <Text mb="xl" fontWeight="bold">
        {translateMessage(String(action.custom?.question ?? 'confirmStep'), resource.id)}
      </Text>
      {resource.listProperties.map((property) => (
        <BasePropertyComponent
          key={property.propertyPath}
          where="show"
          property={property}
          resource={resource}
          record={record}
        />
      ))}
      <Box mt="xl">
        <Button
          type="button"
          variant={action.variant === 'danger' ? 'danger' : 'contained'}
          disabled={busy}
          onClick={confirm}
          data-testid="confirm-step"
        >
          {translateAction(action.name, resource.id)}
        </Button>
      </Box>
    </DrawerContent>
  );
};

export default ConfirmStep;
