import { createInvitationSchema, SECTORS, type CreateInvitationInput } from '@constellation/shared';
import {
  Alert,
  Button,
  CopyButton,
  Group,
  Modal,
  Radio,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconCheck, IconCircleCheck, IconCopy } from '@tabler/icons-react';
import { useState } from 'react';
import { SECTOR_LABELS, roleLabel } from '../../../lib/labels';
import { applyServerErrors, zodValidator } from '../../../lib/zod-form';
import type { Invitation } from '../api/partners-api';
import { useCreateInvitation } from '../hooks/use-partners';

type InviteRole = CreateInvitationInput['role'];

interface InviteValues {
  email: string;
  role: InviteRole;
  organisationName: string;
  sector: string;
  message: string;
}

const SECTOR_OPTIONS = SECTORS.map((s) => ({ value: s, label: SECTOR_LABELS[s] }));

const ROLE_CHOICES: { value: InviteRole; description: string }[] = [
  { value: 'partner_admin', description: 'A contact at a partner organisation. Reads and endorses the agenda, reports for the organisation.' },
  { value: 'funder', description: 'A funder’s programme officer. Reads dashboards and updates; does not report numbers.' },
  { value: 'backbone_staff', description: 'A colleague in your backbone team. Manages goals, partners and data review.' },
];
const COLLEAGUE_CHOICES: { value: InviteRole; description: string }[] = [
  { value: 'partner_contributor', description: 'Reports and revises your organisation’s numbers.' },
  { value: 'partner_admin', description: 'Also manages your organisation’s people and endorses the agenda.' },
];

interface InviteModalProps {
  opened: boolean;
  onClose: () => void;
  collaborationId: string;
  /** Set for a partner admin inviting a colleague into their own organisation. */
  ownOrganisation?: { partnerId: string; organisationId: string; name: string } | null;
}

function toBody(v: InviteValues, own: InviteModalProps['ownOrganisation']): CreateInvitationInput {
  const body: CreateInvitationInput = { email: v.email, role: v.role };
  if (own) body.organisationId = own.organisationId;
  else if (v.role !== 'backbone_staff') {
    body.organisationName = v.organisationName;
    if (v.sector) body.sector = v.sector as CreateInvitationInput['sector'];
  }
  if (v.message.trim()) body.message = v.message;
  return body;
}

function InviteForm({ collaborationId, ownOrganisation, onClose, onSent }: Omit<InviteModalProps, 'opened'> & { onSent: (i: Invitation) => void }) {
  const create = useCreateInvitation(collaborationId, ownOrganisation?.partnerId);
  const [formError, setFormError] = useState<string | null>(null);
  const choices = ownOrganisation ? COLLEAGUE_CHOICES : ROLE_CHOICES;
  const form = useForm<InviteValues>({
    mode: 'controlled',
    initialValues: { email: '', role: choices[0].value, organisationName: '', sector: '', message: '' },
    validate: (values) => {
      const errors = zodValidator(createInvitationSchema, (v: InviteValues) => toBody(v, ownOrganisation))(values);
      if (!ownOrganisation && values.role !== 'backbone_staff' && !values.organisationName.trim()) errors.organisationName = 'Required';
      return errors;
    },
  });
  const role = form.getValues().role;
  const needsOrganisation = !ownOrganisation && role !== 'backbone_staff';

  const submit = form.onSubmit((values) => {
    setFormError(null);
    create.mutate(toBody(values, ownOrganisation), {
      onSuccess: onSent,
      onError: (e) => setFormError(applyServerErrors(form, e, (p) => p in values)),
    });
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        {formError && (
          <Alert color="red" role="alert">
            {formError}
          </Alert>
        )}
        <TextInput label="Email" type="email" required data-autofocus {...form.getInputProps('email')} />
        <Radio.Group label="Role" required {...form.getInputProps('role')}>
          <Stack gap="xs" mt="xs">
            {choices.map((c) => (
              <Radio.Card key={c.value} value={c.value} p="sm" radius="md">
                <Group wrap="nowrap" align="flex-start" gap="sm">
                  <Radio.Indicator mt={2} />
                  <div>
                    <Text fw={600} size="sm">
                      {roleLabel(c.value)}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {c.description}
                    </Text>
                  </div>
                </Group>
              </Radio.Card>
            ))}
          </Stack>
        </Radio.Group>
        {needsOrganisation && (
          <>
            <TextInput
              label="Organisation"
              description="The organisation this person represents."
              required
              {...form.getInputProps('organisationName')}
            />
            <Select label="Sector" placeholder="Choose a sector" data={SECTOR_OPTIONS} clearable {...form.getInputProps('sector')} />
          </>
        )}
        {ownOrganisation && (
          <Text size="sm" c="dimmed">
            They will join as part of {ownOrganisation.name}.
          </Text>
        )}
        <Textarea
          label="A personal note (optional)"
          description="Added to the invitation email."
          autosize
          minRows={2}
          {...form.getInputProps('message')}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending}>
            Send invitation
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function InvitationSent({ invitation, onAnother, onClose }: { invitation: Invitation; onAnother: () => void; onClose: () => void }) {
  return (
    <Stack>
      <Alert color="green" icon={<IconCircleCheck aria-hidden />} title="Invitation sent" role="status">
        We emailed an invitation to <strong>{invitation.email}</strong>
        {invitation.organisation ? ` at ${invitation.organisation.name}` : ''}. You can also send them this link yourself. It is
        shown only now.
      </Alert>
      {invitation.acceptUrl && (
        <Group gap="xs" align="flex-end" wrap="nowrap">
          <TextInput
            label="Accept link"
            value={invitation.acceptUrl}
            readOnly
            style={{ flex: 1 }}
            onFocus={(e) => e.currentTarget.select()}
            data-testid="accept-link"
          />
          <CopyButton value={invitation.acceptUrl}>
            {({ copied, copy }) => (
              <Tooltip label={copied ? 'Copied' : 'Copy the link'}>
                <Button
                  variant={copied ? 'light' : 'default'}
                  color={copied ? 'green' : undefined}
                  onClick={copy}
                  leftSection={copied ? <IconCheck size={16} aria-hidden /> : <IconCopy size={16} aria-hidden />}
                >
                  {copied ? 'Copied' : 'Copy link'}
                </Button>
              </Tooltip>
            )}
          </CopyButton>
        </Group>
      )}
      <Group justify="flex-end">
        <Button variant="default" onClick={onAnother}>
          Invite someone else
        </Button>
        <Button onClick={onClose}>Done</Button>
      </Group>
    </Stack>
  );
}

export function InviteModal({ opened, onClose, collaborationId, ownOrganisation }: InviteModalProps) {
  const [sent, setSent] = useState<Invitation | null>(null);
  const [round, setRound] = useState(0);
  const close = () => {
    setSent(null);
    setRound((r) => r + 1);
    onClose();
  };
  return (
    <Modal
      opened={opened}
      onClose={close}
      title={sent ? 'Invitation sent' : ownOrganisation ? 'Invite a colleague' : 'Invite an organisation'}
      size="lg"
    >
      {sent ? (
        <InvitationSent
          invitation={sent}
          onClose={close}
          onAnother={() => {
            setSent(null);
            setRound((r) => r + 1);
          }}
        />
      ) : (
        <InviteForm key={round} collaborationId={collaborationId} ownOrganisation={ownOrganisation} onClose={close} onSent={setSent} />
      )}
    </Modal>
  );
}
