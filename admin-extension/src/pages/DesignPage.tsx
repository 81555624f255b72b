import { useRealm, ViewHeader } from '@keycloak/keycloak-admin-ui';
import { Modal, PageSection } from '@patternfly/react-core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { FlowLinks } from '../components';
import { FlowDesigner, type FlowDefinition } from '../designer';
import { TryPanel } from './TryPage';

/**
 * The route of the flow designer; the designer itself is `FlowDesigner` (src/designer). Its Try it
 * opens `TryPanel` over the designer, with the model as it is (unsaved changes included), so the
 * designer keeps its state and undo history while the tester runs it.
 */
export default function DesignPage() {
  const { t } = useTranslation();
  const { flowId = '' } = useParams();
  const { realm } = useRealm();
  const [trying, setTrying] = useState<{ flow: FlowDefinition; unsaved: boolean }>();
  return (
    <>
      <ViewHeader titleKey={flowId} subKey="ioDesignHelp" noTranslate />
      <PageSection variant="light">
        <FlowLinks realm={realm} flowId={flowId} current="design" />
        <FlowDesigner flowId={flowId} onTry={(flow, unsaved) => setTrying({ flow, unsaved })} />
      </PageSection>
      {trying && (
        <Modal variant="large" title={t('ioTryItOf', { id: flowId })} isOpen onClose={() => setTrying(undefined)} data-testid="io-designer-try-dialog">
          <TryPanel flowId={flowId} flow={trying.flow} candidate={trying.unsaved} />
        </Modal>
      )}
    </>
  );
}
