import type { CommitmentView, ReplaceCommitmentsInput } from '@constellation/shared';
import { api } from '../../../lib/api-client';

export type Commitment = CommitmentView;
const base = (id: string) => `/collaborations/${encodeURIComponent(id)}`;

export const listCommitments = (cid: string, partnerId?: string) =>
  api.get<{ items: Commitment[] }>(`${base(cid)}/commitments`, { query: { partnerId } });
export const replaceCommitments = (cid: string, partnerId: string, body: ReplaceCommitmentsInput) =>
  api.put<{ items: Commitment[] }>(`${base(cid)}/partners/${encodeURIComponent(partnerId)}/commitments`, body);
