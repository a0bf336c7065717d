/**
 * The one way pages tell the admin something outside their own iframe (model-codebases §4.11):
 * WebAdmin's toasts, through the plugin-API module. Texts come from the catalogue; engine text is
 * passed as plain text (WebAdmin sets toast text as text).
 *
 * @example
 *   notify.success(t('vms.bulk.done', { count }));
 */
import { showToast } from '../../plugin-api/pluginApi';

export const notify = {
  success: (message: string): void => {
    showToast('success', message);
  },
  info: (message: string): void => {
    showToast('info', message);
  },
  warning: (message: string): void => {
    showToast('warning', message);
  },
  error: (message: string): void => {
    showToast('danger', message);
  },
};
