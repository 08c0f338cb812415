import { unwrap } from '@hindsight/client';
import { ApiKey, ApiKeyList, type CreateApiKeyRequest, CreatedApiKey } from '@hindsight/models';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import * as v from 'valibot';
import { api, queryKeys } from '../../api.js';

const keys = api.api.v1.admin['api-keys'];

export function useApiKeys() {
  return useQuery({
    queryKey: queryKeys.apiKeys,
    queryFn: async () => v.parse(ApiKeyList, await unwrap(keys.$get())).api_keys,
  });
}

export function useCreateApiKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (request: CreateApiKeyRequest) =>
      v.parse(CreatedApiKey, await unwrap(keys.$post({ json: request }))),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.apiKeys }),
  });
}

export function useRevokeApiKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (id: string) =>
      v.parse(ApiKey, await unwrap(keys[':id'].$delete({ param: { id } }))),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.apiKeys }),
  });
}
