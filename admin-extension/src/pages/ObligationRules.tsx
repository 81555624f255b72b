import { ActionGroup, Alert, Button, FormGroup, FormHelperText, HelperText, HelperTextItem, Switch, TextArea, Title } from '@patternfly/react-core';
import { PlusCircleIcon } from '@patternfly/react-icons';
import { ActionsColumn, Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useIoApi, useLoad } from '../api';
import { ActionDialog, ErrorAlert, Loading, useAlerts } from '../components';
import { modeOf, NEW_RULE, summarizeCondition, type ObligationPolicy, type ObligationRule, type Scope } from '../obligation-rules';

/** The rule being edited: its place (none: a new rule) and its JSON text. */
interface Editing {
  index?: number;
  text: string;
}

function parseRule(text: string): { rule?: ObligationRule; error?: string } {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? { rule: value as ObligationRule } : { error: 'a JSON object {"type", "when", ...}' };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

/**
 * The realm's obligation rules and their scope (`/io/obligation-rules`), edited as a working copy:
 * a rule is edited as its JSON in a dialog that asks Keycloak's parser (`POST .../validate`) before
 * taking it, so its problems show in the dialog; Save writes the whole policy, Revert reloads it.
 */
export function ObligationRules() {
  const { t } = useTranslation();
  const api = useIoApi();
  const alert = useAlerts();
  const policy = useLoad(() => api.get<ObligationPolicy>('/obligation-rules'), [api]);
  const [rules, setRules] = useState<ObligationRule[]>([]);
  const [scope, setScope] = useState<Scope>('io-clients');
  const [editing, setEditing] = useState<Editing>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    setRules(policy.data?.rules ?? []);
    setScope(policy.data?.scope ?? 'io-clients');
  }, [policy.data]);

  const save = async () => {
    setError(undefined);
    try {
      await api.send('PUT', '/obligation-rules', { rules, scope });
      alert('success', t('ioRulesSaved'));
      policy.reload();
    } catch (caught) {
      setError(caught);
    }
  };

  const parsed = editing ? parseRule(editing.text) : {};
  const apply = async () => {
    if (!editing || !parsed.rule) return;
    const candidate = editing.index === undefined ? [...rules, parsed.rule] : rules.map((rule, i) => (i === editing.index ? parsed.rule! : rule));
    await api.send('POST', '/obligation-rules/validate', { rules: candidate, scope });
    setRules(candidate);
    setEditing(undefined);
  };

  return (
    <>
      <Title headingLevel="h2" size="lg">
        {t('ioRules')}
      </Title>
      <p className="pf-v5-u-mb-md">{t('ioRulesHelp')}</p>
      <ErrorAlert error={policy.error} />
      <ErrorAlert error={error} title={t('ioActionRefused')} />
      {policy.data?.problem && (
        <Alert variant="danger" isInline title={t('ioRulesStoredInvalid')} className="pf-v5-u-mb-md" data-testid="io-rules-stored-problem">
          <code>{policy.data.problem}</code>
        </Alert>
      )}
      {/* Without the stored rules there is nothing to edit: saving would replace them. */}
      {policy.loading && !policy.data ? (
        <Loading />
      ) : (
        policy.data && (
          <>
            <Switch
              id="io-rules-scope"
              data-testid="io-rules-scope"
              label={t('ioRulesScopeAll')}
              isChecked={scope === 'all'}
              onChange={(_event, all) => setScope(all ? 'all' : 'io-clients')}
              className="pf-v5-u-mb-md"
            />
            <Table aria-label={t('ioRules')} variant="compact" data-testid="io-rules-table">
              <Thead>
                <Tr>
                  <Th>{t('ioObligationType')}</Th>
                  <Th>{t('ioRuleMode')}</Th>
                  <Th>{t('ioRuleConditions')}</Th>
                  <Th screenReaderText={t('ioActions')} />
                </Tr>
              </Thead>
              <Tbody>
                {rules.length === 0 && (
                  <Tr>
                    <Td colSpan={4}>{t('ioNoRules')}</Td>
                  </Tr>
                )}
                {rules.map((rule, index) => (
                  <Tr key={index} data-testid={`io-rule-${index}`}>
                    <Td dataLabel={t('ioObligationType')}>{String(rule.type ?? '')}</Td>
                    <Td dataLabel={t('ioRuleMode')}>{modeOf(rule)}</Td>
                    <Td dataLabel={t('ioRuleConditions')}>
                      <code>{summarizeCondition(rule.when)}</code>
                    </Td>
                    <Td isActionCell>
                      <ActionsColumn
                        items={[
                          { title: t('edit'), onClick: () => setEditing({ index, text: JSON.stringify(rule, null, 2) }) },
                          { title: t('delete'), onClick: () => setRules(rules.filter((_, i) => i !== index)) },
                        ]}
                      />
                    </Td>
                  </Tr>
                ))}
              </Tbody>
            </Table>
            <Button variant="link" icon={<PlusCircleIcon />} data-testid="io-add-rule" onClick={() => setEditing({ text: JSON.stringify(NEW_RULE, null, 2) })}>
              {t('ioAddRule')}
            </Button>
            <ActionGroup className="pf-v5-u-mt-md">
              <Button data-testid="io-save-rules" onClick={save}>
                {t('save')}
              </Button>
              <Button variant="link" onClick={() => policy.reload()}>
                {t('revert')}
              </Button>
            </ActionGroup>
          </>
        )
      )}
      {editing && (
        <ActionDialog
          title={editing.index === undefined ? t('ioAddRule') : t('ioEditRule', { number: editing.index + 1 })}
          confirm={t('ioApplyRule')}
          confirmTestId="io-apply-rule"
          canConfirm={parsed.rule !== undefined}
          onConfirm={apply}
          onClose={() => setEditing(undefined)}
        >
          <FormGroup label={t('ioRuleJson')} fieldId="io-rule-json">
            <TextArea
              id="io-rule-json"
              data-testid="io-rule-json"
              className="io-designer-json"
              rows={14}
              value={editing.text}
              validated={parsed.error ? 'error' : 'default'}
              onChange={(_event, text) => setEditing({ ...editing, text })}
            />
            <FormHelperText>
              <HelperText>
                {parsed.error ? (
                  <HelperTextItem variant="error">{t('ioRuleNotJson', { error: parsed.error })}</HelperTextItem>
                ) : (
                  <HelperTextItem>{t('ioRuleJsonHelp')}</HelperTextItem>
                )}
              </HelperText>
            </FormHelperText>
          </FormGroup>
        </ActionDialog>
      )}
    </>
  );
}
