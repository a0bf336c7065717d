/**
 * Query-key factories (model-codebases §4.7): hooks, prefetches and invalidations build keys here,
 * never inline. Keys are hierarchical so the event stream can invalidate exactly one VM or host
 * (`vmKeys.detail(id)`) or every list (`vmKeys.lists()`).
 *
 * @example
 *   queryClient.invalidateQueries({ queryKey: vmKeys.detail(vmId) })
 */
export const vmKeys = {
  all: ['vms'] as const,
  lists: () => [...vmKeys.all, 'list'] as const,
  list: (search: string, page: number, pageSize: number) =>
    [...vmKeys.lists(), { search, page, pageSize }] as const,
  details: () => [...vmKeys.all, 'detail'] as const,
  detail: (id: string) => [...vmKeys.details(), id] as const,
  statistics: (id: string) => [...vmKeys.detail(id), 'statistics'] as const,
  nics: (id: string) => [...vmKeys.detail(id), 'nics'] as const,
  disks: (id: string) => [...vmKeys.detail(id), 'disks'] as const,
  snapshots: (id: string) => [...vmKeys.detail(id), 'snapshots'] as const,
};

export const hostKeys = {
  all: ['hosts'] as const,
  lists: () => [...hostKeys.all, 'list'] as const,
  list: (search: string, page: number, pageSize: number) =>
    [...hostKeys.lists(), { search, page, pageSize }] as const,
  details: () => [...hostKeys.all, 'detail'] as const,
  detail: (id: string) => [...hostKeys.details(), id] as const,
  statistics: (id: string) => [...hostKeys.detail(id), 'statistics'] as const,
  vms: (id: string) => [...hostKeys.detail(id), 'vms'] as const,
  nics: (id: string) => [...hostKeys.detail(id), 'nics'] as const,
};

export const clusterKeys = {
  all: ['clusters'] as const,
  list: () => [...clusterKeys.all, 'list'] as const,
  detail: (id: string) => [...clusterKeys.all, 'detail', id] as const,
};

export const eventKeys = {
  all: ['events'] as const,
  forVm: (id: string) => [...eventKeys.all, 'vm', id] as const,
  forHost: (id: string) => [...eventKeys.all, 'host', id] as const,
  since: (from: number) => [...eventKeys.all, 'since', from] as const,
};

export const jobKeys = {
  all: ['jobs'] as const,
  byCorrelation: (correlationId: string) => [...jobKeys.all, 'correlation', correlationId] as const,
};

export const networkKeys = {
  all: ['networks'] as const,
};
