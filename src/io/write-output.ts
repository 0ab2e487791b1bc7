import { promises as fs } from 'node:fs';
import path from 'node:path';

/**
 * Writes a file atomically: the data goes to a temporary file beside it, which is then renamed
 * over the target, so a crash mid-write leaves the previous file intact.
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  const dir = path.dirname(file);
  const temp = path.join(dir, `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
  try {
    await fs.writeFile(temp, data);
    await fs.rename(temp, file);
  } catch (error) {
    await fs.rm(temp, { force: true });
    throw error;
  }
}
