import { useRealm, ViewHeader } from '@keycloak/keycloak-admin-ui';
import { PageSection } from '@patternfly/react-core';
import { useParams } from 'react-router-dom';
import { FlowLinks } from '../components';
import { FlowDesigner } from '../designer';

/** The route of the flow designer; the designer itself is `FlowDesigner` (src/designer). */
export default function DesignPage() {
  const { flowId = '' } = useParams();
  const { realm } = useRealm();
  return (
    <>
      <ViewHeader titleKey={flowId} subKey="ioDesignHelp" noTranslate />
      <PageSection variant="light">
        <FlowLinks realm={realm} flowId={flowId} current="design" />
        <FlowDesigner flowId={flowId} />
      </PageSection>
    </>
  );
}
