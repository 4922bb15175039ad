// Lead exports (CSV or Excel) saved as a file, with progress. The export is streamed by the server
// without a length, and it needs the Authorization header, so a plain link cannot fetch it: the
// page reads the answer as it arrives, shows the bytes (and, for CSV, the rows) received against the
// number of leads, then hands the whole file to the browser to save under the server's file name.

import { bytes, number } from '../shared/dom.js';

/** Counts CSV records as they stream by: line ends outside quoted fields (a note may hold line breaks). */
export function createCsvRowCounter() {
  let quoted = false;
  let rows = 0;
  return {
    push(text) {
      for (let i = 0; i < text.length; i += 1) {
        const c = text.charCodeAt(i);
        if (c === 34) {
          quoted = !quoted;
        } else if (c === 10 && !quoted) {
          rows += 1;
        }
      }
    },
    /** Records after the header. */
    get rows() {
      return Math.max(0, rows - 1);
    },
  };
}

/** The file name of a Content-Disposition header (RFC 6266: filename* first, then filename). */
export function fileNameOf(disposition, fallback) {
  if (!disposition) {
    return fallback;
  }
  const extended = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(disposition);
  if (extended) {
    try {
      return decodeURIComponent(extended[1].trim());
    } catch {
      // Badly encoded: the plain name below.
    }
  }
  const plain = /filename\s*=\s*"([^"]*)"|filename\s*=\s*([^;]+)/i.exec(disposition);
  return plain ? (plain[1] ?? plain[2]).trim() : fallback;
}

export function createExporter(ctx, parts) {
  let controller = null;

  async function run(format) {
    if (controller) {
      return;
    }
    const { t } = ctx;
    const valid = await ctx.validSession();
    if (!valid) {
      return;
    }
    const expected = ctx.expectedLeads();
    const sinceLast = parts.sinceLast.checked;
    const query = new URLSearchParams({ format });
    if (sinceLast) {
      query.set('since', 'last');
    }
    controller = new AbortController();
    setBusy(true);
    parts.progress.hidden = false;
    parts.bar.removeAttribute('value');
    parts.bar.max = Math.max(1, expected);
    parts.text.textContent = t('exportStarting');
    delete parts.progress.dataset.done;
    const counter = createCsvRowCounter();
    const decoder = new TextDecoder();
    const chunks = [];
    let received = 0;
    try {
      const response = await fetch(`/api/exhibitors/${encodeURIComponent(ctx.exhibitorId)}/leads/export?${query}`, {
        headers: { Authorization: `Bearer ${valid.accessToken}` },
        cache: 'no-store',
        credentials: 'omit',
        signal: controller.signal,
      });
      if (response.status === 401) {
        ctx.expire();
        throw new Error(t('sessionExpired'));
      }
      if (!response.ok || !response.body) {
        const problem = await response.json().catch(() => ({}));
        throw new Error(problem.detail || problem.title || `HTTP ${response.status}`);
      }
      const reader = response.body.getReader();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) {
          break;
        }
        chunks.push(value);
        received += value.byteLength;
        if (format === 'csv') {
          counter.push(decoder.decode(value, { stream: true }));
          if (!sinceLast) {
            parts.bar.value = Math.min(counter.rows, parts.bar.max);
          }
        }
        parts.text.textContent = format === 'csv'
          ? t('exportProgressRows', { rows: number(counter.rows, ctx.language), size: bytes(received, ctx.language) })
          : t('exportProgress', { size: bytes(received, ctx.language) });
      }
      const type = response.headers.get('Content-Type') || 'application/octet-stream';
      const name = fileNameOf(response.headers.get('Content-Disposition'), `leads.${format}`);
      save(new Blob(chunks, { type }), name);
      parts.bar.value = parts.bar.max;
      parts.text.textContent = format === 'csv'
        ? t('exportDoneRows', { name, rows: number(counter.rows, ctx.language), size: bytes(received, ctx.language) })
        : t('exportDone', { name, size: bytes(received, ctx.language) });
      parts.progress.dataset.done = 'true';
    } catch (error) {
      parts.text.textContent = error.name === 'AbortError' ? t('exportCancelled') : t('exportFailed', { detail: error.message });
      parts.bar.value = 0;
    } finally {
      controller = null;
      setBusy(false);
    }
  }

  function save(blob, name) {
    const url = URL.createObjectURL(blob);
    const link = document.createElement('a');
    link.href = url;
    link.download = name;
    link.hidden = true;
    document.body.append(link);
    link.click();
    link.remove();
    // The browser has taken the file by the time the page gets back here; the memory can go later.
    setTimeout(() => URL.revokeObjectURL(url), 60000);
  }

  function setBusy(busy) {
    parts.csv.disabled = busy;
    parts.xlsx.disabled = busy;
    parts.cancel.hidden = !busy;
  }

  parts.csv.addEventListener('click', () => run('csv'));
  parts.xlsx.addEventListener('click', () => run('xlsx'));
  parts.cancel.addEventListener('click', () => controller && controller.abort());

  return { run };
}
