import { createApp } from 'vue';
import { createPinia } from 'pinia';
import App from './App.vue';
import { createWallI18n, langFromSearch } from './i18n/index.js';
import './styles/wall.css';

const lang = langFromSearch(window.location.search);
document.documentElement.lang = lang;

const i18n = createWallI18n(lang);
document.title = i18n.global.t('app.wall');

createApp(App).use(createPinia()).use(i18n).mount('#app');
