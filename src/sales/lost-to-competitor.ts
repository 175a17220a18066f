import type { EntityManager } from 'typeorm';
import { FollowUpIntention } from '../common/codes/codes.js';
import { ValidationProblem } from '../common/errors/problem.js';
import { Competitor } from '../market/entities/competitor.entity.js';
import type { LostToCompetitorFields } from './dto/follow-up.dto.js';

const ENROLLED_ELSEWHERE = Number(FollowUpIntention.code.enrolledElsewhere);
const FIELDS = ['competitorId', 'lostReason', 'offeredPrice'] as const;

type LossValues = { -readonly [K in (typeof FIELDS)[number]]?: number | null };

/**
 * The loss fields a follow-up write sets, for the follow-up's intention after the write. With intention 3
 * (enrolledElsewhere) the fields sent (null clears one; the competitor must exist). With any other intention a
 * field sent with a value is refused (400), and all three are cleared: a loss only describes intention 3.
 */
export async function lossFields(
  manager: EntityManager,
  dto: LostToCompetitorFields,
  intention: number,
): Promise<LossValues> {
  if (intention !== ENROLLED_ELSEWHERE) {
    const given = FIELDS.filter((field) => dto[field] !== undefined && dto[field] !== null);
    if (given.length) {
      throw new ValidationProblem(
        given.map((field) => ({
          field,
          message: `only allowed when intention is ${ENROLLED_ELSEWHERE} (${FollowUpIntention.label(ENROLLED_ELSEWHERE)})`,
        })),
      );
    }
    return { competitorId: null, lostReason: null, offeredPrice: null };
  }
  if (dto.competitorId != null && !(await manager.getRepository(Competitor).existsBy({ id: dto.competitorId }))) {
    throw new ValidationProblem([{ field: 'competitorId', message: `no competitor with id ${dto.competitorId}` }]);
  }
  const values: LossValues = {};
  for (const field of FIELDS) if (dto[field] !== undefined) values[field] = dto[field];
  return values;
}

/** The competitor a customer counts as lost to, from their latest follow-up (null when it names none). */
export function lostToCompetitorId(latest: { intention: number; competitorId: number | null } | null): number | null {
  return latest?.intention === ENROLLED_ELSEWHERE ? (latest.competitorId ?? null) : null;
}
