-- Reverts 0001_stage_execution_id_index: drops the index on stage_executions.execution_id.
DROP INDEX IF EXISTS "stage_executions_execution_id_idx";
