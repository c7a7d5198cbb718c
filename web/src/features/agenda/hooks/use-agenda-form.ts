import { agendaSchema, type AgendaInput } from '@constellation/shared';
import { useForm } from '@mantine/form';
import { browserTimeZone } from '../../../lib/format';
import { zodValidator } from '../../../lib/zod-form';
import type { AgendaVersion } from '../../collaborations/api/collaborations-api';

/** The agenda as the form holds it (Select values are strings). */
export interface AgendaFormValues {
  problemStatement: string;
  vision: string;
  principles: string[];
  geography: string;
  form: string;
  fiscalYearStartMonth: string;
  timeZone: string;
  requiresApproval: boolean;
}

export const emptyAgenda = (): AgendaFormValues => ({
  problemStatement: '',
  vision: '',
  principles: [],
  geography: '',
  form: 'collective_impact',
  fiscalYearStartMonth: '1',
  timeZone: browserTimeZone(),
  requiresApproval: false,
});

export function agendaToFormValues(a: AgendaVersion): AgendaFormValues {
  return {
    problemStatement: a.problemStatement,
    vision: a.vision,
    principles: [...a.principles],
    geography: a.geography ?? '',
    form: a.form,
    fiscalYearStartMonth: String(a.fiscalYearStartMonth),
    timeZone: a.timeZone,
    requiresApproval: a.requiresApproval,
  };
}

export function formValuesToAgenda(v: AgendaFormValues): AgendaInput {
  return {
    problemStatement: v.problemStatement,
    vision: v.vision,
    principles: v.principles,
    geography: v.geography,
    form: v.form as AgendaInput['form'],
    fiscalYearStartMonth: Number(v.fiscalYearStartMonth),
    timeZone: v.timeZone,
    requiresApproval: v.requiresApproval,
  };
}

/** The agenda form, validated by the same zod schema as the api (agendaSchema). */
export function useAgendaForm(initialValues: AgendaFormValues = emptyAgenda()) {
  return useForm<AgendaFormValues>({
    mode: 'controlled',
    initialValues,
    validate: zodValidator(agendaSchema, formValuesToAgenda),
    validateInputOnBlur: true,
  });
}

export type AgendaForm = ReturnType<typeof useAgendaForm>;
