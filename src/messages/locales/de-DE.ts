import type { LocaleMessages } from '../catalogue';

const messages: LocaleMessages = {};

export default messages;
