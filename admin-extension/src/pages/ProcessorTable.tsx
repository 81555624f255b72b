import { Button, FormGroup, Label, TextArea } from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ActionDialog } from '../components';
import { processorInfo } from '../processors';

/**
 * Processors in run order, the security-essential ones marked, each with a Remove action.
 * `scope` names the list in test ids (a category, or `flow`); `badge` adds a label to a row.
 */
export function ProcessorTable({
  label,
  scope,
  processors,
  badge,
  onRemove,
}: {
  label: string;
  scope: string;
  processors: readonly string[];
  badge?: (id: string) => ReactNode;
  onRemove: (id: string) => void;
}) {
  const { t } = useTranslation();
  return (
    <Table aria-label={label} variant="compact" data-testid={`io-processors-table-${scope}`}>
      <Thead>
        <Tr>
          <Th>{t('ioRunOrder')}</Th>
          <Th>{t('ioProcessor')}</Th>
          <Th>{t('description')}</Th>
          <Th screenReaderText={t('ioActions')} />
        </Tr>
      </Thead>
      <Tbody>
        {processors.map((processor, index) => (
          <Tr key={processor} data-testid={`io-processor-${scope}-${processor}`}>
            <Td dataLabel={t('ioRunOrder')}>{index + 1}</Td>
            <Td dataLabel={t('ioProcessor')}>
              <code>{processor}</code>
              {processorInfo(processor)?.essential && (
                <Label color="orange" className="pf-v5-u-ml-sm" data-testid={`io-essential-${scope}-${processor}`}>
                  {t('ioSecurityEssential')}
                </Label>
              )}
              {badge?.(processor)}
            </Td>
            <Td dataLabel={t('description')}>{processorInfo(processor)?.description ?? t('ioUnknownProcessor')}</Td>
            <Td isActionCell>
              <Button variant="link" isDanger onClick={() => onRemove(processor)}>
                {t('remove')}
              </Button>
            </Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
}

/**
 * Asks to confirm removing a processor, with a reason, required: `onRemove` receives it (trimmed)
 * and records it with the change; a refusal is shown in the dialog. `children`: what the admin
 * should know first (where the reason is kept, when the change applies, what an essential
 * processor protects).
 */
export function RemoveProcessorDialog({
  title,
  onRemove,
  onClose,
  children,
}: {
  title: string;
  onRemove: (reason: string) => Promise<void>;
  onClose: () => void;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  return (
    <ActionDialog
      variant="small"
      title={title}
      confirm={t('remove')}
      confirmTestId="io-confirm-remove-processor"
      canConfirm={reason.trim().length > 0}
      onConfirm={() => onRemove(reason.trim())}
      onClose={onClose}
      errorTitle={t('ioActionRefused')}
      asForm
    >
      {children}
      <FormGroup label={t('ioReason')} isRequired fieldId="io-remove-reason">
        <TextArea id="io-remove-reason" value={reason} onChange={(_event, value) => setReason(value)} />
      </FormGroup>
    </ActionDialog>
  );
}
