/** Opens IO's real routes (src/routes.tsx) under IoLayout, as the console does, and reads what a page shows. */
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Suspense } from 'react';
import { createMemoryRouter, RouterProvider } from 'react-router-dom';
import { expect } from 'vitest';
import { IoLayout } from '../../src/IoLayout';
import { ioRoutes } from '../../src/routes';

/** Renders the console at `url` (e.g. `/demo/io/flows`); resolves once the page's header is drawn. */
export async function openPage(url: string) {
  const router = createMemoryRouter([{ element: <IoLayout />, children: ioRoutes }], { initialEntries: [url] });
  const user = userEvent.setup();
  render(
    <Suspense fallback={null}>
      <RouterProvider router={router} />
    </Suspense>,
  );
  await screen.findByRole('heading', { level: 1 });
  return { router, user };
}

/** The console-style danger alert (ErrorAlert, the designer's) titled `title` in `container`; fails if there is none. */
export async function findErrorAlert(title: string, container: HTMLElement = document.body): Promise<HTMLElement> {
  const titled = (candidate: Element) => candidate.querySelector('.pf-v5-c-alert__title')?.textContent?.endsWith(title);
  return waitFor(() => {
    const alerts = [...container.querySelectorAll<HTMLElement>('.pf-v5-c-alert.pf-m-danger')];
    const alert = alerts.find(titled);
    expect(alert, `a danger alert titled "${title}" among: ${alerts.map((candidate) => candidate.textContent).join(' | ') || 'none'}`).toBeDefined();
    return alert!;
  });
}

/** Nothing in the page is a stack trace or a source position: errors are shown in words. */
export function expectNoStackTrace(): void {
  expect(document.body.textContent).not.toMatch(/\.(?:ts|tsx|js):\d+:\d+|\bat (?:async )?\S+ \(/);
}

/** The open modal dialog. */
export const dialog = () => screen.getByRole('dialog');
