import { expect, it } from 'vitest';
import { pathOf } from '../../../worker/node.ts';

it('the Node server picks API or UI by the path Hono would route: no query, percent-decoded, a bad escape kept', () => {
  expect(pathOf('http://127.0.0.1:8787/stores/abc/check?x=1')).toBe('/stores/abc/check');
  expect(pathOf('http://localhost/')).toBe('/');
  expect(pathOf('http://localhost')).toBe('/');
  expect(pathOf('https://laminate.example/%61pi/health')).toBe('/api/health');
  expect(pathOf('http://localhost/days/%E0%A4%A')).toBe('/days/%E0%A4%A');
  expect(pathOf('http://localhost/a?b=/api/')).toBe('/a');
});
