/** Every variable in scope, where it is set and where it is read; a node name selects that node. */
import { Button, EmptyState, EmptyStateBody } from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { useTranslation } from 'react-i18next';
import type { VariableInScope, VariableUse } from './model/index.js';

export function VariablesPanel({ variables, onSelectNode }: { variables: readonly VariableInScope[]; onSelectNode: (id: string) => void }) {
  const { t } = useTranslation();
  if (variables.length === 0) {
    return (
      <EmptyState variant="xs">
        <EmptyStateBody>{t('ioDesigner.noVariables', 'No variable is declared, set or read yet.')}</EmptyStateBody>
      </EmptyState>
    );
  }
  const uses = (list: VariableUse[]) =>
    list.map((use, index) => (
      <Button key={index} variant="link" isInline onClick={() => onSelectNode(use.node)} title={use.field}>
        {use.node}
      </Button>
    ));
  return (
    <Table variant="compact" aria-label={t('ioDesigner.variables', 'Variables')}>
      <Thead>
        <Tr>
          <Th>{t('ioDesigner.variable', 'Variable')}</Th>
          <Th>{t('ioDesigner.declaredAs', 'Declared')}</Th>
          <Th>{t('ioDesigner.setBy', 'Set by')}</Th>
          <Th>{t('ioDesigner.readBy', 'Read by')}</Th>
        </Tr>
      </Thead>
      <Tbody>
        {variables.map((variable) => (
          <Tr key={`${variable.scope}.${variable.name}`}>
            <Td>{`${variable.scope}.${variable.name}`}</Td>
            <Td>
              {variable.declared
                ? `${variable.declared.as}: ${variable.declared.type}`
                : variable.scope === 'flow'
                  ? t('ioDesigner.undeclared', 'not declared')
                  : '—'}
            </Td>
            <Td>{uses(variable.setBy)}</Td>
            <Td>{uses(variable.readBy)}</Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
}
