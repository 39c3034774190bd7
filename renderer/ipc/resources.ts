import type { MouseEvent, SyntheticEvent } from 'react';

/**
 * The core's resources (video, event pictures, downloads) as the page requests them. In
 * the browser the web bridge adds what the origin needs (a short-lived capability in the
 * URL, or the launch key in a header); Electron's app protocol needs nothing, and its
 * bridge has none of these.
 */

/** The URL for an `<img>`, a `<video>` or a link. */
export function resourceUrl(url: string): string {
  return window.tessera?.resourceUrl?.(url) ?? url;
}

/** A link's href, refreshed as it is clicked: a capability rendered long ago may have expired. */
export function resourceLink(url: string): { href: string; onClick: (event: MouseEvent<HTMLAnchorElement>) => void } {
  return {
    href: resourceUrl(url),
    onClick: (event) => {
      event.currentTarget.href = resourceUrl(url);
    },
  };
}

/** An `<img>` that failed tries once more with a fresh capability (one lazily loaded long after it was rendered). */
export function retryImage(url: string): (event: SyntheticEvent<HTMLImageElement>) => void {
  return (event) => {
    const image = event.currentTarget;
    const fresh = new URL(resourceUrl(url), location.href).href;
    if (image.src !== fresh) image.src = fresh;
  };
}

/** The headers of a request the page makes itself with fetch (the JPEG player): the launch key, in the browser. */
export function resourceHeaders(): Record<string, string> {
  return { ...window.tessera?.requestHeaders?.() };
}

/** hls.js's `xhrSetup`: its requests carry the launch key in a header. */
export function withResourceHeaders(xhr: XMLHttpRequest, url: string): void {
  const headers = window.tessera?.requestHeaders?.();
  if (!headers) return;
  xhr.open('GET', url, true);
  for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
}

/** This page's address for another window of the same wall (a monitor link). */
export function windowUrl(href: string): string {
  return window.tessera?.windowUrl?.(href) ?? href;
}
