-- Reverts 0004_api_keys.
DROP TABLE IF EXISTS "api_keys";
