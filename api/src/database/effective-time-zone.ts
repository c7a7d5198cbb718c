/**
 * SQL for a person's digest time zone (an expression over `users u`): their own choice, else the
 * time zone of their first collaboration (the agenda in force), else UTC. One definition for the
 * api (notification settings) and the worker (worker/src/digest).
 */
export const EFFECTIVE_TIME_ZONE_SQL = `COALESCE(u.time_zone, (
    SELECT av.time_zone FROM memberships fm
      JOIN collaborations fc ON fc.id = fm.collaboration_id
      JOIN agenda_versions av ON av.collaboration_id = fc.id AND av.version = fc.current_agenda_version
     WHERE fm.user_id = u.id ORDER BY fm.created_at, fm.collaboration_id LIMIT 1), 'UTC')`;
