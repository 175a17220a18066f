import React, { useEffect } from 'react';
import { Loader } from '@adminjs/design-system';
import { ApiClient, type ActionProps } from 'adminjs';

const api = new ApiClient();
// the project compiles without the DOM's types (it is a server); this runs in the browser
const browserLocation = () => (globalThis as unknown as { location: { assign(url: string): void } }).location;

/**
 * Opens the page a link action points at (its handler's `redirectUrl`) with a full page load. Used for a form on
 * the same record in another resource (Feedback → Resolve is FeedbackResolution's edit of the same id): moving
 * there inside the single-page app renders the new page with the previous resource's record and actions for a
 * moment, which breaks on a form whose fields differ.
 */
const OpenPage: React.FC<ActionProps> = ({ action, resource, record }) => {
  useEffect(() => {
    if (!record) return;
    void api
      .recordAction({ resourceId: resource.id, recordId: record.id, actionName: action.name })
      .then(({ data }) => data.redirectUrl && browserLocation().assign(data.redirectUrl));
  }, [action.name, resource.id, record?.id]);
  return <Loader />;
};

export default OpenPage;
