/**
 * The main place's tab strip (Virtual Machines, Hosts, Cluster balance): PatternFly's tabs
 * markup, classes and a11y (a `tablist` of `tab` buttons, `aria-selected`, the shown panel a
 * `tabpanel` labelled by its tab), without PatternFly's `Tabs` component (issue 14, memory).
 * That component also handles overflow, scroll buttons, vertical and closable tabs and OUIA ids,
 * none of which this strip of three tabs uses; its code run at every open of the main place held
 * about 0.25 MB of the page's heap (bytecode, compiled code, shapes). Only the shown tab's panel
 * is mounted, as `mountOnEnter` + `unmountOnExit` did; ids are the ones PatternFly generated
 * (`pf-tab-<key>-<id>`, `pf-tab-section-<key>-<id>`), so links and tests keep working.
 */
import { useLayoutEffect, useRef, useState } from 'react';
import type { CSSProperties, ReactNode } from 'react';
// The stylesheets PatternFly's Tabs and TabContent modules bring with them.
import '@patternfly/react-styles/css/components/Tabs/tabs.css';
import '@patternfly/react-styles/css/components/TabContent/tab-content.css';

export interface PlaceTab<K extends string> {
  key: K;
  /** The tab's id stem, e.g. `oc-main-tab-vms`. */
  id: string;
  title: string;
}

interface Accent {
  start: number;
  length: number;
}

export function PlaceTabs<K extends string>({
  label,
  tabs,
  active,
  onSelect,
  children,
}: {
  label: string;
  tabs: readonly PlaceTab<K>[];
  active: K;
  onSelect: (key: K) => void;
  /** The shown tab's content. */
  children: ReactNode;
}): ReactNode {
  const list = useRef<HTMLUListElement>(null);
  // Placed again when the shown tab or a title (the locale) changes, and on window resizes.
  const titles = tabs.map((tab) => tab.title).join('\n');
  const [accent, setAccent] = useState<Accent>();
  // The current tab's underline slides (PatternFly's `pf-m-animate-current`), except when it is
  // first placed.
  const [initializing, setInitializing] = useState(true);
  useLayoutEffect(() => {
    const place = (): void => {
      const item = list.current?.querySelector<HTMLElement>('li.pf-m-current');
      if (!item) return;
      // From the inline start, as PatternFly measures it.
      const start =
        getComputedStyle(item).direction === 'rtl'
          ? (list.current?.offsetWidth ?? 0) - item.offsetLeft - item.offsetWidth
          : item.offsetLeft;
      setAccent((old) =>
        old?.start === start && old.length === item.offsetWidth
          ? old
          : { start, length: item.offsetWidth },
      );
    };
    place();
    window.addEventListener('resize', place);
    return () => {
      window.removeEventListener('resize', place);
    };
  }, [active, titles]);
  useLayoutEffect(() => {
    if (!initializing || accent === undefined) return;
    const timer = setTimeout(() => {
      setInitializing(false);
    }, 0);
    return () => {
      clearTimeout(timer);
    };
  }, [initializing, accent]);

  const style =
    accent === undefined
      ? undefined
      : ({
          '--pf-v6-c-tabs--link-accent--length': `${String(accent.length)}px`,
          '--pf-v6-c-tabs--link-accent--start': `${String(accent.start)}px`,
        } as CSSProperties);
  const shown = tabs.find((tab) => tab.key === active);
  return (
    <>
      <div
        aria-label={label}
        className={`pf-v6-c-tabs pf-m-animate-current${initializing ? ' pf-m-initializing-accent' : ''}`}
        style={style}
      >
        <ul className="pf-v6-c-tabs__list" role="tablist" ref={list}>
          {tabs.map((tab) => {
            const current = tab.key === active;
            return (
              <li
                key={tab.key}
                className={`pf-v6-c-tabs__item${current ? ' pf-m-current' : ''}`}
                role="presentation"
              >
                <button
                  type="button"
                  className="pf-v6-c-tabs__link"
                  id={`pf-tab-${tab.key}-${tab.id}`}
                  aria-controls={current ? `pf-tab-section-${tab.key}-${tab.id}` : undefined}
                  role="tab"
                  aria-selected={current}
                  onClick={() => {
                    onSelect(tab.key);
                  }}
                >
                  <span className="pf-v6-c-tabs__item-text">{tab.title}</span>
                </button>
              </li>
            );
          })}
        </ul>
      </div>
      {shown ? (
        <section
          key={shown.key}
          className="pf-v6-c-tab-content"
          id={`pf-tab-section-${shown.key}-${shown.id}`}
          aria-labelledby={`pf-tab-${shown.key}-${shown.id}`}
          role="tabpanel"
          tabIndex={0}
        >
          {children}
        </section>
      ) : null}
    </>
  );
}
