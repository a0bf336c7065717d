/**
 * The settings Ops Center runs with, on the main place: a closed disclosure whose summary says
 * whether any value differs from its default, and which ones. The engine hands the plugin the
 * descriptor's values with the override file merged over them, and an override file it cannot
 * parse is replaced by `{}` with a warning in its own log only. So the page cannot know that the
 * file was broken; what it can say truthfully is that every value is at its default, which is
 * what an admin who edited the file and sees no change needs to read (issue 13, point 18).
 *
 * A native <details>: no script and no component library weight on the main place.
 *
 * @example
 *   <ConfigInEffect />   // under the configuration warnings
 */
import type { ReactNode } from 'react';
import { useMessages } from '../../../messages/catalogue';
import { CONFIG_RULES, type ConfigKey } from '../../../plugin-api/config';
import { usePage } from '../pageContext';

export function ConfigInEffect(): ReactNode {
  const { t } = useMessages();
  const { config } = usePage();
  const keys = Object.keys(CONFIG_RULES) as ConfigKey[];
  const changed = keys.filter((k) => config[k] !== CONFIG_RULES[k].default);
  return (
    <details className="oc-config-effect">
      <summary>
        {changed.length === 0
          ? t('common.config.effect.defaults')
          : t('common.config.effect.changed', { count: changed.length, keys: changed.join(', ') })}
      </summary>
      <p className="oc-muted">{t('common.config.effect.help')}</p>
      <table className="oc-config-effect-table">
        <thead>
          <tr>
            <th scope="col">{t('common.config.effect.key')}</th>
            <th scope="col">{t('common.config.effect.value')}</th>
            <th scope="col">{t('common.config.effect.source')}</th>
          </tr>
        </thead>
        <tbody>
          {keys.map((k) => (
            <tr key={k}>
              <th scope="row">
                <code>{k}</code>
              </th>
              <td>{String(config[k])}</td>
              <td>
                {config[k] === CONFIG_RULES[k].default
                  ? t('common.config.effect.isDefault')
                  : t('common.config.effect.isChanged', {
                      value: String(CONFIG_RULES[k].default),
                    })}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
