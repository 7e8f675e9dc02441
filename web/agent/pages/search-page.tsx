import { useLocation } from 'preact-iso/router';
import { useEffect, useRef, useState } from 'preact/hooks';
import { useApi } from '../../shared/api-context.js';
import { apiPaths, type CustomerSearchAnswer } from '../../shared/api-types.js';
import { RequestView } from '../../shared/components/request-view.js';
import { useI18n } from '../../shared/i18n/i18n-context.js';
import { useRequest } from '../../shared/use-request.js';
import { agentPaths } from '../agent-paths.js';

/**
 * One search box over customers: by name, e-mail, phone number, or the id or number of what is
 * theirs (billing account, bill, order). The query is in the URL (`?q=`), so Back returns to
 * the results and a search can be shared with a colleague.
 */
export function SearchPage() {
  const { t } = useI18n();
  const { query, route } = useLocation();
  const asked = (query.q ?? '').trim();
  const [text, setText] = useState(asked);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    setText(asked);
    if (!asked) input.current?.focus();
  }, [asked]);
  return (
    <>
      <h1>{t('search.title')}</h1>
      <form
        role="search"
        class="search-form"
        onSubmit={(event) => {
          event.preventDefault();
          if (text.trim().length >= 2) route(agentPaths.searchFor(text.trim()));
        }}
      >
        <label for="search-q">{t('search.label')}</label>
        <div class="search-row">
          <input id="search-q" type="search" ref={input} minLength={2} maxLength={256} required aria-describedby="search-help" value={text} onInput={(event) => setText((event.currentTarget as HTMLInputElement).value)} />
          <button type="submit" class="primary">
            {t('search.submit')}
          </button>
        </div>
        <p id="search-help" class="help">
          {t('search.help')}
        </p>
      </form>
      {asked.length >= 2 && <SearchResults query={asked} />}
    </>
  );
}

function SearchResults({ query }: { query: string }) {
  const api = useApi();
  const { t } = useI18n();
  const request = useRequest(() => api.get<CustomerSearchAnswer[]>(apiPaths.customerSearch, { q: query, limit: 20 }), [query]);
  return (
    <section aria-labelledby="results-title">
      <h2 id="results-title">{t('search.results', { query })}</h2>
      <RequestView request={request} home={agentPaths.search}>
        {(matches) =>
          matches.length === 0 ? (
            <p role="status">{t('search.none', { query })}</p>
          ) : (
            <>
              <p role="status" class="help">
                {t('search.count', { count: matches.length })}
              </p>
              <ul class="results">
                {matches.map((match) => (
                  <li key={match.customer.id} class="card">
                    <a href={agentPaths.customer(match.customer.id)} class="result-name">
                      {match.customer.name}
                    </a>{' '}
                    <span class={`status status-${match.customer.status}`}>{match.customer.status}</span>
                    <p class="result-facts">
                      {[match.customer.email, match.customer.phoneNumber].filter(Boolean).join(' · ')}
                    </p>
                    <p class="help">
                      {match.matched
                        ? t(`search.matchedOn.${match.matchedOn}`, { name: match.matched.name ?? match.matched.id })
                        : t(`search.matchedOn.${match.matchedOn}`, { name: match.customer.name })}
                    </p>
                  </li>
                ))}
              </ul>
            </>
          )
        }
      </RequestView>
    </section>
  );
}
