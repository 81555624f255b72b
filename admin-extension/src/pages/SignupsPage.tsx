import { ViewHeader } from '@keycloak/keycloak-admin-ui';
import { Alert, Button, FormGroup, FormHelperText, HelperText, HelperTextItem, Label, PageSection, TextArea } from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useIoApi, useLoad, type Signup } from '../api';
import { ActionDialog, Empty, ErrorAlert, Loading, SearchToolbar, formatTime, useAlerts } from '../components';

/** What the API takes as a rejection's reason (SignupsResource: at most 500 characters). */
const MAX_REASON = 500;

/**
 * The partner sign-ups waiting for a hub operator (the partner-signup journey in approval-required
 * mode): approve or reject each, a rejection with a reason the partner is mailed. Whether the admin
 * may decide is the API's `access.decide` per sign-up (manage-realm and the right to manage that
 * user, as approve and reject check). After every decision, refused or not, the list is the API's
 * answer again: a sign-up another operator decided is gone.
 */
export default function SignupsPage() {
  const { t } = useTranslation();
  const api = useIoApi();
  const alert = useAlerts();
  const signups = useLoad(() => api.get<Signup[]>('/signups'), [api]);
  const [search, setSearch] = useState('');
  const [deciding, setDeciding] = useState<{ signup: Signup; decision: 'approve' | 'reject' }>();

  const decide = async (signup: Signup, decision: 'approve' | 'reject', reason?: string) => {
    try {
      await api.send('POST', `/signups/${encodeURIComponent(signup.userId)}/${decision}`, decision === 'reject' ? { reason } : undefined);
    } finally {
      signups.reload();
    }
    alert('success', t(decision === 'approve' ? 'ioSignupApproved' : 'ioSignupRejected', { email: signup.email ?? signup.username }));
    setDeciding(undefined);
  };

  const needle = search.trim().toLowerCase();
  const shown = (signups.data ?? [])
    .filter((signup) =>
      `${signup.email ?? ''} ${signup.username} ${name(signup)} ${signup.organizations.map((org) => `${org.name} ${org.domains.join(' ')}`).join(' ')}`
        .toLowerCase()
        .includes(needle),
    )
    .sort((a, b) => (a.createdTimestamp ?? 0) - (b.createdTimestamp ?? 0));
  const viewOnly = (signups.data ?? []).some((signup) => !signup.access.decide);
  return (
    <>
      <ViewHeader titleKey="ioSignups" subKey="ioSignupsHelp" />
      <PageSection variant="light" className="pf-v5-u-p-0">
        <SearchToolbar label={t('ioSearchSignups')} value={search} onChange={setSearch} />
        <div className="pf-v5-u-px-md">
          <ErrorAlert error={signups.error} />
          {viewOnly && <Alert variant="info" isInline isPlain title={t('ioSignupsViewOnly')} className="pf-v5-u-mb-md" data-testid="io-signups-view-only" />}
        </div>
        {signups.loading && !signups.data ? (
          <Loading />
        ) : signups.data?.length === 0 ? (
          <Empty title={t('ioNoSignups')} body={t('ioNoSignupsHelp')} />
        ) : (
          signups.data && (
            <Table aria-label={t('ioSignups')} variant="compact" data-testid="io-signups-table">
              <Thead>
                <Tr>
                  <Th>{t('ioApplicant')}</Th>
                  <Th>{t('ioApplicantName')}</Th>
                  <Th>{t('ioOrganization')}</Th>
                  <Th>{t('ioDomains')}</Th>
                  <Th>{t('ioRequestedAt')}</Th>
                  <Th>{t('ioStatus')}</Th>
                  <Th screenReaderText={t('ioActions')} />
                </Tr>
              </Thead>
              <Tbody>
                {shown.map((signup) => (
                  <Tr key={signup.userId} data-testid={`io-signup-${signup.email ?? signup.username}`}>
                    <Td dataLabel={t('ioApplicant')}>{signup.email ?? signup.username}</Td>
                    <Td dataLabel={t('ioApplicantName')}>{name(signup)}</Td>
                    <Td dataLabel={t('ioOrganization')}>{signup.organizations.map((org) => org.name).join(', ')}</Td>
                    <Td dataLabel={t('ioDomains')}>{signup.organizations.flatMap((org) => org.domains).join(', ')}</Td>
                    <Td dataLabel={t('ioRequestedAt')}>{formatTime(signup.createdTimestamp)}</Td>
                    <Td dataLabel={t('ioStatus')}>
                      <Label color="orange">{t('ioSignupPending')}</Label>
                    </Td>
                    <Td isActionCell>
                      <Button
                        variant="secondary"
                        className="pf-v5-u-mr-sm"
                        data-testid="io-approve-signup"
                        isDisabled={!signup.access.decide}
                        aria-label={t('ioApproveSignupOf', { email: signup.email ?? signup.username })}
                        onClick={() => setDeciding({ signup, decision: 'approve' })}
                      >
                        {t('ioApprove')}
                      </Button>
                      <Button
                        variant="secondary"
                        isDanger
                        data-testid="io-reject-signup"
                        isDisabled={!signup.access.decide}
                        aria-label={t('ioRejectSignupOf', { email: signup.email ?? signup.username })}
                        onClick={() => setDeciding({ signup, decision: 'reject' })}
                      >
                        {t('ioReject')}
                      </Button>
                    </Td>
                  </Tr>
                ))}
              </Tbody>
            </Table>
          )
        )}
      </PageSection>
      {deciding?.decision === 'approve' && (
        <ApproveDialog signup={deciding.signup} onApprove={() => decide(deciding.signup, 'approve')} onClose={() => setDeciding(undefined)} />
      )}
      {deciding?.decision === 'reject' && (
        <RejectDialog signup={deciding.signup} onReject={(reason) => decide(deciding.signup, 'reject', reason)} onClose={() => setDeciding(undefined)} />
      )}
    </>
  );
}

function name(signup: Signup): string {
  return [signup.firstName, signup.lastName].filter(Boolean).join(' ');
}

/** The organizations a decision applies to, as the dialogs name them: "Acme (acme.example)". */
function organizations(signup: Signup): string {
  return signup.organizations.map((org) => (org.domains.length ? `${org.name} (${org.domains.join(', ')})` : org.name)).join(', ');
}

function ApproveDialog({ signup, onApprove, onClose }: { signup: Signup; onApprove: () => Promise<void>; onClose: () => void }) {
  const { t } = useTranslation();
  const email = signup.email ?? signup.username;
  return (
    <ActionDialog
      variant="small"
      title={t('ioApproveSignupTitle', { email })}
      confirm={t('ioApprove')}
      confirmTestId="io-confirm-approve"
      canConfirm
      onConfirm={onApprove}
      onClose={onClose}
      errorTitle={t('ioSignupNotDecided')}
    >
      <p>{t('ioApproveSignupHelp', { email, organizations: organizations(signup) })}</p>
    </ActionDialog>
  );
}

/** Rejecting asks for the reason, required here (the partner is mailed it); the API takes at most 500 characters. */
function RejectDialog({ signup, onReject, onClose }: { signup: Signup; onReject: (reason: string) => Promise<void>; onClose: () => void }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const email = signup.email ?? signup.username;
  const trimmed = reason.trim();
  const tooLong = trimmed.length > MAX_REASON;
  return (
    <ActionDialog
      variant="small"
      title={t('ioRejectSignupTitle', { email })}
      confirm={t('ioReject')}
      confirmVariant="danger"
      confirmTestId="io-confirm-reject"
      canConfirm={trimmed.length > 0 && !tooLong}
      onConfirm={() => onReject(trimmed)}
      onClose={onClose}
      errorTitle={t('ioSignupNotDecided')}
      asForm
    >
      <p>{t('ioRejectSignupHelp', { email, organizations: organizations(signup) })}</p>
      <FormGroup label={t('ioReason')} isRequired fieldId="io-reject-reason">
        <TextArea id="io-reject-reason" value={reason} isRequired validated={tooLong ? 'error' : 'default'} onChange={(_event, value) => setReason(value)} />
        <FormHelperText>
          <HelperText>
            <HelperTextItem variant={tooLong ? 'error' : 'default'}>{t('ioRejectReasonHelp', { max: MAX_REASON, count: trimmed.length })}</HelperTextItem>
          </HelperText>
        </FormHelperText>
      </FormGroup>
    </ActionDialog>
  );
}
