import {
  Button,
  Form,
  FormGroup,
  FormHelperText,
  FormSelect,
  FormSelectOption,
  HelperText,
  HelperTextItem,
  TextInput,
  Toolbar,
  ToolbarContent,
  ToolbarItem,
} from '@patternfly/react-core';
import { useState } from 'react';
import type { ReactNode } from 'react';
import { useMessages } from '../../../messages/catalogue';
import type { MessageKey } from '../../../messages/catalogue';
import type { Cluster } from '../../../rest/models';
import type { HostName } from '../domain/vmListRead';
import type { VmListState } from '../domain/listState';
import type { SavedSearch } from '../domain/savedSearches';

const QUICK_STATUSES = [
  'up',
  'down',
  'suspended',
  'paused',
  'migrating',
  'not_responding',
] as const;

/** Keyed by the search text by its parent, so back/forward and saved searches reset the box. */
export function SearchBar({
  state,
  searchError,
  hosts,
  clusters,
  saved,
  activeSaved,
  deletedSaved,
  onSubmit,
  onFilter,
  onSave,
  onApplySaved,
  onDeleteSaved,
  onUndoDelete,
}: {
  state: VmListState;
  searchError: string | undefined;
  hosts: readonly HostName[];
  clusters: readonly Cluster[];
  saved: readonly SavedSearch[];
  /** The saved search the list shows now (text and quick filters alike). */
  activeSaved: string | undefined;
  /** A saved search just deleted: offered back with Undo. */
  deletedSaved: string | undefined;
  onSubmit: (q: string) => void;
  onFilter: (key: 'status' | 'cluster' | 'host', value: string) => void;
  onSave: (name: string) => void;
  onApplySaved: (name: string) => void;
  onDeleteSaved: (name: string) => void;
  onUndoDelete: () => void;
}): ReactNode {
  const { t } = useMessages();
  const [text, setText] = useState(state.q);
  const [saveName, setSaveName] = useState('');
  // Saving under a name in use replaces that search: the button says so before it happens.
  const replaces = saveName.trim() !== '' && saved.some((x) => x.name === saveName.trim());
  return (
    <div className="oc-vms-search">
      <Form
        isHorizontal={false}
        onSubmit={(e) => {
          e.preventDefault();
          onSubmit(text);
        }}
      >
        <FormGroup label={t('vms.search.label')} fieldId="oc-vm-search">
          <div className="oc-row">
            <TextInput
              id="oc-vm-search"
              type="search"
              value={text}
              placeholder={t('vms.search.placeholder')}
              validated={searchError ? 'error' : 'default'}
              aria-describedby={searchError ? 'oc-vm-search-error' : undefined}
              onChange={(_e, v) => {
                setText(v);
              }}
            />
            <Button type="submit" variant="primary">
              {t('vms.search.submit')}
            </Button>
          </div>
          {searchError ? (
            <FormHelperText>
              <HelperText id="oc-vm-search-error">
                <HelperTextItem variant="error" role="alert">
                  {t('vms.search.error')}: {searchError}
                </HelperTextItem>
              </HelperText>
            </FormHelperText>
          ) : null}
        </FormGroup>
      </Form>
      <Toolbar>
        <ToolbarContent>
          <ToolbarItem>
            <FormSelect
              id="oc-filter-status"
              aria-label={t('vms.filter.status')}
              value={state.status}
              onChange={(_e, v) => {
                onFilter('status', v);
              }}
            >
              <FormSelectOption
                value=""
                label={`${t('vms.filter.status')}: ${t('vms.filter.any')}`}
              />
              {QUICK_STATUSES.map((s) => (
                <FormSelectOption key={s} value={s} label={t(`vms.status.${s}` as MessageKey)} />
              ))}
            </FormSelect>
          </ToolbarItem>
          <ToolbarItem>
            <FormSelect
              id="oc-filter-cluster"
              aria-label={t('vms.filter.cluster')}
              value={state.cluster}
              onChange={(_e, v) => {
                onFilter('cluster', v);
              }}
            >
              <FormSelectOption
                value=""
                label={`${t('vms.filter.cluster')}: ${t('vms.filter.any')}`}
              />
              {clusters.map((c) => (
                <FormSelectOption key={c.id} value={c.name} label={c.name} />
              ))}
            </FormSelect>
          </ToolbarItem>
          <ToolbarItem>
            <FormSelect
              id="oc-filter-host"
              aria-label={t('vms.filter.host')}
              value={state.host}
              onChange={(_e, v) => {
                onFilter('host', v);
              }}
            >
              <FormSelectOption
                value=""
                label={`${t('vms.filter.host')}: ${t('vms.filter.any')}`}
              />
              {hosts.map((h) => (
                <FormSelectOption key={h.id} value={h.name} label={h.name} />
              ))}
            </FormSelect>
          </ToolbarItem>
          <ToolbarItem>
            <FormSelect
              id="oc-saved-searches"
              aria-label={t('vms.saved.label')}
              value={activeSaved ?? ''}
              onChange={(_e, v) => {
                if (v) onApplySaved(v);
              }}
            >
              <FormSelectOption
                value=""
                label={saved.length === 0 ? t('vms.saved.none') : t('vms.saved.label')}
              />
              {saved.map((s) => (
                <FormSelectOption key={s.name} value={s.name} label={s.name} />
              ))}
            </FormSelect>
          </ToolbarItem>
          <ToolbarItem>
            {/* A form of its own: Enter in the name saves. */}
            <Form
              className="oc-row"
              aria-label={t('vms.saved.save')}
              onSubmit={(e) => {
                e.preventDefault();
                if (saveName.trim() === '') return;
                onSave(saveName);
                setSaveName('');
              }}
            >
              <TextInput
                id="oc-save-name"
                aria-label={t('vms.saved.name')}
                placeholder={t('vms.saved.name')}
                value={saveName}
                onChange={(_e, v) => {
                  setSaveName(v);
                }}
              />
              <Button
                type="submit"
                variant={replaces ? 'warning' : 'secondary'}
                isDisabled={saveName.trim() === ''}
              >
                {replaces ? t('vms.saved.replace', { name: saveName.trim() }) : t('vms.saved.save')}
              </Button>
            </Form>
          </ToolbarItem>
          {saved.length > 0 ? (
            <ToolbarItem>
              {saved.slice(0, 5).map((s) => (
                <Button
                  key={s.name}
                  variant="plain"
                  size="sm"
                  aria-label={t('vms.saved.delete', { name: s.name })}
                  onClick={() => {
                    onDeleteSaved(s.name);
                  }}
                >
                  × {s.name}
                </Button>
              ))}
            </ToolbarItem>
          ) : null}
          {deletedSaved !== undefined ? (
            <ToolbarItem>
              <span role="status">{t('vms.saved.deleted', { name: deletedSaved })}</span>
              <Button variant="link" isInline onClick={onUndoDelete} id="oc-saved-undo">
                {t('vms.saved.undo')}
              </Button>
            </ToolbarItem>
          ) : null}
        </ToolbarContent>
      </Toolbar>
    </div>
  );
}
