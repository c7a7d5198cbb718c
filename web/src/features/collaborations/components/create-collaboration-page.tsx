import { createCollaborationSchema, type CreateCollaborationInput } from '@constellation/shared';
import { Alert, Button, Group, Paper, Stack, Stepper, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMediaQuery } from '@mantine/hooks';
import { IconAlertCircle, IconArrowLeft, IconArrowRight, IconCheck } from '@tabler/icons-react';
import { useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { PageHeader } from '../../../components/page-header';
import { ApiError, errorMessage } from '../../../lib/api-client';
import { detailsToErrors, zodValidator } from '../../../lib/zod-form';
import { AgendaFields } from '../../agenda/components/agenda-fields';
import { formValuesToAgenda, useAgendaForm } from '../../agenda/hooks/use-agenda-form';
import { GoalDraftsFields } from '../../goals/components/goal-drafts-fields';
import { draftsToGoals, useGoalDraftsForm } from '../../goals/hooks/use-goal-drafts-form';
import { useCreateCollaboration } from '../hooks/use-collaborations';
import { WizardReview } from './wizard-review';

interface BasicsValues {
  name: string;
  slug: string;
  backboneOrganisationName: string;
}

const basicsSchema = createCollaborationSchema.pick({ name: true, slug: true, backboneOrganisationName: true });
const toBasics = (v: BasicsValues) => ({ ...v, slug: v.slug.trim() === '' ? undefined : v.slug });

const STEPS = ['Name', 'Common agenda', 'Goals', 'Review'] as const;

export function CreateCollaborationPage() {
  const navigate = useNavigate();
  const narrow = useMediaQuery('(max-width: 40em)');
  const [active, setActive] = useState(0);
  const [submitError, setSubmitError] = useState<string | null>(null);
  const headingRef = useRef<HTMLDivElement>(null);
  const create = useCreateCollaboration();

  const basics = useForm<BasicsValues>({
    mode: 'controlled',
    initialValues: { name: '', slug: '', backboneOrganisationName: '' },
    validate: zodValidator(basicsSchema, toBasics),
    validateInputOnBlur: true,
  });
  const agenda = useAgendaForm();
  const goals = useGoalDraftsForm();
  const forms = [basics, agenda, goals] as const;

  const goTo = (step: number) => {
    setActive(step);
    requestAnimationFrame(() => headingRef.current?.focus());
  };

  const next = () => {
    if (active < 3) {
      const result = forms[active].validate();
      if (result.hasErrors) return;
    }
    goTo(Math.min(active + 1, 3));
  };

  const body = (): CreateCollaborationInput => ({
    ...toBasics(basics.getValues()),
    agenda: formValuesToAgenda(agenda.getValues()),
    goals: draftsToGoals(goals.getValues()),
  });

  const submit = () => {
    setSubmitError(null);
    for (let i = 0; i < 3; i++) {
      if (forms[i].validate().hasErrors) {
        goTo(i);
        return;
      }
    }
    create.mutate(body(), {
      onSuccess: (detail) => navigate(`/collaborations/${detail.id}`, { replace: true }),
      onError: (e) => {
        if (!(e instanceof ApiError) || e.details.length === 0) {
          setSubmitError(errorMessage(e));
          return;
        }
        // Put each detail on its field, and go back to the first step with a problem.
        const agendaErrors = detailsToErrors(e.details, (p) => (p.startsWith('agenda.') ? p.slice(7) : null));
        const goalErrors = detailsToErrors(e.details, (p) => (p.startsWith('goals') ? p : null));
        const basicErrors = detailsToErrors(e.details, (p) => (p in basics.getValues() ? p : null));
        basics.setErrors(basicErrors);
        agenda.setErrors(agendaErrors);
        goals.setErrors(goalErrors);
        const firstStep = Object.keys(basicErrors).length ? 0 : Object.keys(agendaErrors).length ? 1 : Object.keys(goalErrors).length ? 2 : -1;
        if (firstStep >= 0) goTo(firstStep);
        setSubmitError(e.status === 409 ? e.message : firstStep >= 0 ? 'Please check the highlighted fields.' : errorMessage(e));
      },
    });
  };

  return (
    <>
      <PageHeader
        title="Create a collaboration"
        description="Four short steps. You will be its backbone admin, and you can change everything later."
      />
      <Paper withBorder p={{ base: 'md', sm: 'xl' }} radius="md">
        <Stepper
          active={active}
          onStepClick={(s) => s < active && goTo(s)}
          allowNextStepsSelect={false}
          size="sm"
          mb="xl"
          aria-label="Steps"
        >
          {STEPS.map((label, i) => (
            // On a phone the steps are numbered circles; the heading below names the current one.
            <Stepper.Step
              key={label}
              label={narrow ? undefined : label}
              description={narrow ? undefined : `Step ${i + 1} of 4`}
              aria-label={`Step ${i + 1}: ${label}`}
            />
          ))}
        </Stepper>

        <div ref={headingRef} tabIndex={-1} style={{ outline: 'none' }} aria-live="polite">
          <Text fw={650} size="lg" mb={4}>
            Step {active + 1} of 4: {STEPS[active]}
          </Text>
          <Text size="sm" c="dimmed" mb="lg">
            {
              [
                'What the collaboration is called and which organisation is its backbone.',
                'The shared understanding of the problem and the joint approach: partners join by endorsing it.',
                'Long-term results with target dates, and the strategies under each.',
                'Check everything, then create the collaboration.',
              ][active]
            }
          </Text>
        </div>

        {submitError && (
          <Alert color="red" icon={<IconAlertCircle aria-hidden />} role="alert" mb="md">
            {submitError}
          </Alert>
        )}

        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            if (active === 3) submit();
            else next();
          }}
        >
          {active === 0 && (
            <Stack gap="md" maw={560}>
              <TextInput
                label="Name of the collaboration"
                description="For example “Hackney Ready for School”."
                required
                data-autofocus
                {...basics.getInputProps('name')}
              />
              <TextInput
                label="Backbone organisation"
                description="The organisation that coordinates the collaboration: usually yours."
                required
                {...basics.getInputProps('backboneOrganisationName')}
              />
              <TextInput
                label="Short name for links (optional)"
                description="Lowercase letters, digits and hyphens, for example “hackney-ready”. We make one from the name if you leave it empty."
                {...basics.getInputProps('slug')}
              />
            </Stack>
          )}
          {active === 1 && <AgendaFields form={agenda} />}
          {active === 2 && <GoalDraftsFields form={goals} />}
          {active === 3 && <WizardReview input={body()} onEdit={goTo} />}

          <Group justify="space-between" mt="xl">
            {active > 0 ? (
              <Button variant="default" leftSection={<IconArrowLeft size={16} aria-hidden />} onClick={() => goTo(active - 1)}>
                Back
              </Button>
            ) : (
              <Button variant="default" onClick={() => navigate('/')}>
                Cancel
              </Button>
            )}
            {active < 3 ? (
              <Button type="submit" rightSection={<IconArrowRight size={16} aria-hidden />}>
                Next
              </Button>
            ) : (
              <Button type="submit" loading={create.isPending} leftSection={<IconCheck size={16} aria-hidden />}>
                Create collaboration
              </Button>
            )}
          </Group>
        </form>
      </Paper>
    </>
  );
}
