import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createTestApp } from '../support/app.ts';

const PAGES = [
  {
    path: '/',
    en: 'Apply for an independent review of a fostering or adoption decision',
    cy: 'Gwneud cais am adolygiad annibynnol o benderfyniad maethu neu fabwysiadu',
  },
  { path: '/accessibility-statement', en: 'Accessibility statement', cy: 'Datganiad hygyrchedd' },
  { path: '/cookies', en: 'Cookies', cy: 'Cwcis' },
  { path: '/privacy-notice', en: 'Privacy notice', cy: 'Hysbysiad preifatrwydd' },
  { path: '/contact', en: 'Get help with your application', cy: 'Cael help gyda’ch cais' },
] as const;

const h1 = (html: string) => /<h1[^>]*>([^<]*)<\/h1>/.exec(html)?.[1]?.trim();
const htmlLang = (html: string) => /<html lang="([^"]+)"/.exec(html)?.[1];
const decode = (s: string) => s.replace(/&amp;/g, '&');

describe('the service’s own pages', () => {
  const { app } = createTestApp();

  it.each(PAGES)('$path is served in English by default', async ({ path, en }) => {
    const res = await request(app).get(path);
    expect(res.status).toBe(200);
    expect(res.type).toBe('text/html');
    expect(htmlLang(res.text)).toBe('en');
    expect(h1(res.text)).toBe(en);
    expect(res.text).toContain(`<title>${path === '/' ? '' : `${en} – `}Apply for an independent review of a fostering or adoption decision – GOV.UK</title>`);
  });

  it.each(PAGES)('$path is served in Welsh with ?lang=cy', async ({ path, cy }) => {
    const res = await request(app).get(`${path}?lang=cy`);
    expect(res.status).toBe(200);
    expect(htmlLang(res.text)).toBe('cy');
    expect(h1(res.text)).toBe(cy);
  });

  it('ignores a language it does not offer', async () => {
    const res = await request(app).get('/?lang=fr');
    expect(htmlLang(res.text)).toBe('en');
  });

  it('remembers the chosen language for the rest of the visit, until changed back', async () => {
    const agent = request.agent(app);
    await agent.get('/?lang=cy').expect(200);
    expect(htmlLang((await agent.get('/cookies')).text)).toBe('cy');
    await agent.get('/contact?lang=en').expect(200);
    expect(htmlLang((await agent.get('/cookies')).text)).toBe('en');
  });

  it('offers the other language as a link to this same page, and marks the current one', async () => {
    const res = await request(app).get('/cookies?lang=cy&utm=x');
    const welshCurrent = /<span class="govuk-language-navigation__text"\s+aria-current="true" lang="cy">Cymraeg<\/span>/;
    expect(res.text).toMatch(welshCurrent);
    const english =
      /<a class="govuk-language-navigation__link" href="([^"]+)" rel="alternate" lang="en" hreflang="en">English<span class="govuk-visually-hidden"> Change the language to English<\/span>/.exec(
        res.text,
      );
    expect(english?.[1] && decode(english[1])).toBe('/cookies?utm=x&lang=en');

    const inEnglish = await request(app).get('/contact');
    expect(inEnglish.text).toMatch(
      /href="\/contact\?lang=cy" rel="alternate" lang="cy" hreflang="cy">Cymraeg<span class="govuk-visually-hidden"> Newid yr iaith i’r Gymraeg<\/span>/,
    );
  });

  it('has a Start now button to the application, a Beta banner and the footer links', async () => {
    const res = await request(app).get('/');
    expect(res.text).toMatch(/<a href="\/apply" role="button"[^>]*class="govuk-button govuk-button--start"/);
    expect(res.text).toMatch(/govuk-phase-banner[\s\S]*Beta[\s\S]*href="\/contact">give your feedback<\/a>/);
    for (const href of ['/accessibility-statement', '/cookies', '/privacy-notice', '/contact']) {
      expect(res.text).toContain(`class="govuk-footer__link" href="${href}"`);
    }
    expect(res.text).toMatch(/<a href="\/" class="govuk-service-navigation__link">\s*Apply for an independent review/);
  });

  it('states both time limits and that applying is free', async () => {
    const res = await request(app).get('/');
    expect(res.text).toContain('28 days of the date on the letter');
    expect(res.text).toContain('40 working days');
    expect(res.text).toContain('It is free to apply.');
    expect(res.text).toContain('IRM Cymru');
  });

  it('lists the session cookie with its configured lifetime', async () => {
    const { app: app30 } = createTestApp({ env: { SESSION_MAX_AGE_MINUTES: '30' } });
    const res = await request(app30).get('/cookies');
    expect(res.text).toMatch(/<th scope="row" class="govuk-table__header">irm\.sid<\/th>/);
    expect(res.text).toContain('30 minutes after it is set');
  });

  it('shows configured contact details, and flags example ones as examples', async () => {
    const placeholder = await request(app).get('/contact');
    expect(placeholder.text).toContain('These are example contact details');

    const { app: configured } = createTestApp({ env: { CONTACT_EMAIL: 'irm@example.org', CONTACT_PHONE: '0300 123 4567' } });
    const res = await request(configured).get('/contact');
    expect(res.text).toContain('href="mailto:irm@example.org"');
    expect(res.text).toContain('0300 123 4567');
    expect(res.text).not.toContain('These are example contact details');
  });

  it('the privacy notice says how long drafts and sent applications are kept, as configured', async () => {
    const { app: configured } = createTestApp({ env: { DRAFT_RETENTION_DAYS: '20', APPLICATION_RETENTION_DAYS: '45' } });
    const en = await request(configured).get('/privacy-notice');
    expect(en.text).toContain('deleted automatically 20 days after you last changed it');
    expect(en.text).toContain('We delete our copy 45 days after that system has received all of it.');
    expect((await request(configured).get('/privacy-notice?lang=cy')).text).toContain('Byddwn yn dileu ein copi 45 diwrnod ar ôl');
  });

  it('does not start a session for someone only reading the pages', async () => {
    for (const { path } of PAGES) {
      const res = await request(app).get(path);
      expect(res.headers['set-cookie']).toBeUndefined();
    }
  });
});

describe('page not found', () => {
  const { app } = createTestApp();

  it('is a 404 GOV.UK page in the visitor’s language', async () => {
    const res = await request(app).get('/no/such/page');
    expect(res.status).toBe(404);
    expect(h1(res.text)).toBe('Page not found');
    expect(res.text).toContain('If you typed the web address, check it is correct.');

    const welsh = await request(app).get('/no/such/page?lang=cy');
    expect(welsh.status).toBe(404);
    expect(h1(welsh.text)).toBe('Heb ddod o hyd i’r dudalen');
  });

  it('links to the other language on this site, whatever the address asked for', async () => {
    for (const path of ['/.//evil.com', '/..//evil.com/x', '/./%5C%5Cevil.com']) {
      const res = await request(app).get(path);
      const languageLinks = [...res.text.matchAll(/href="([^"]*lang=cy[^"]*)"/g)].map((m) => decode(m[1] ?? ''));
      expect(languageLinks).toHaveLength(1);
      for (const href of languageLinks) expect(new URL(href, 'https://irm.example').host).toBe('irm.example');
    }
  });

  it('does not start a session (scanners probing URLs would fill the session store)', async () => {
    const res = await request(app).get('/wp-admin/setup.php');
    expect(res.headers['set-cookie']).toBeUndefined();
  });
});
