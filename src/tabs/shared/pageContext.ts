/**
 * The page's WebAdmin-derived inputs as React context, so views and hooks get the engine client
 * and config without reading globals (model-codebases §4.5) and tests can provide their own.
 *
 * @example
 *   const { client, config } = usePage();
 */
import { createContext, useContext } from 'react';
import type { EngineClient } from '../../rest/client';
import type { ConfigWarning, OpsCenterConfig } from '../../plugin-api/config';

export interface PageContextValue {
  client: EngineClient;
  config: OpsCenterConfig;
  warnings: ConfigWarning[];
  locale: string;
}

export const PageContext = createContext<PageContextValue | undefined>(undefined);

export function usePage(): PageContextValue {
  const value = useContext(PageContext);
  if (!value) throw new Error('usePage() outside <PageRoot>');
  return value;
}

export function useEngineClient(): EngineClient {
  return usePage().client;
}

export function useConfig(): OpsCenterConfig {
  return usePage().config;
}
