-- Reverts 0001_api_keys.
DROP TABLE IF EXISTS "api_keys";
