// A tiny hash router: pages are addressed as #/name so tests and links can open them directly.
import { useEffect, useState } from 'react';

export function currentRoute(): string {
  return window.location.hash.replace(/^#\/?/, '').split('?')[0] || 'home';
}

export function navigate(route: string) {
  window.location.hash = `#/${route}`;
}

export function useRoute(): string {
  const [route, setRoute] = useState(currentRoute);
  useEffect(() => {
    const onChange = () => setRoute(currentRoute());
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
