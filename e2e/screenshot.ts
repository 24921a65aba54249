// Screenshots for the README (docs/): taken once every fade-in or fade-out has finished,
// so a picture never shows nodes half transparent.
import type { Page } from '@playwright/test';

export async function screenshot(page: Page, path: string): Promise<void> {
  await page.waitForFunction(() => document.getAnimations().every((animation) => animation.playState !== 'running'));
  await page.screenshot({ path });
}
