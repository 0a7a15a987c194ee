import { describe, expect, it } from 'vitest';
import { judgeTransfer, transferReferences } from './verdict';
import type { TinyFace } from './detect';

// MTCNN's clean box of the astronaut and the Tiny Face Detector's (IoU 0.61: the Tiny box takes in more of the head).
const MTCNN_BOX = { x: 180, y: 60, width: 88, height: 114 };
const TINY_CLEAN: TinyFace = { box: { x: 163.25, y: 75.66, width: 116.04, height: 110.98 }, score: 0.975 };
const ELSEWHERE: TinyFace = { box: { x: 400, y: 300, width: 80, height: 80 }, score: 0.9 };

describe('transfer verdict rules', () => {
  it('takes as reference the clean Tiny detection on the MTCNN box, not one elsewhere', () => {
    const [ref] = transferReferences([ELSEWHERE, TINY_CLEAN], [{ face: 0, box: MTCNN_BOX }]);
    expect(ref!.clean).toMatchObject({ face: 0, found: true, score: 0.975, box: TINY_CLEAN.box });
    expect(ref!.clean.bestIou).toBeGreaterThan(0.6);
  });

  it('finds the face on the attacked image when a detection has IoU ≥ 0.5 with the Tiny clean box', () => {
    const refs = transferReferences([TINY_CLEAN], [{ face: 0, box: MTCNN_BOX }]);
    // Shifted by 20 px: IoU with the reference ≈ 0.70, still found, with its own score.
    const shifted: TinyFace = { box: { ...TINY_CLEAN.box, x: TINY_CLEAN.box.x + 20 }, score: 0.61 };
    expect(judgeTransfer([shifted], refs)[0]).toMatchObject({ found: true, score: 0.61 });
    // Moved off by half its width: IoU 1/3, not the face any more.
    const movedOff: TinyFace = { box: { ...TINY_CLEAN.box, x: TINY_CLEAN.box.x + 58.02 }, score: 0.8 };
    const judged = judgeTransfer([movedOff, ELSEWHERE], refs)[0]!;
    expect(judged).toMatchObject({ found: false, score: null, box: null });
    expect(judged.bestIou).toBeCloseTo(1 / 3, 6);
    expect(judgeTransfer([], refs)[0]).toMatchObject({ found: false, bestIou: 0 });
  });

  it('a face missed on the clean image has no reference: it is judged against the MTCNN box', () => {
    const refs = transferReferences([ELSEWHERE], [{ face: 0, box: MTCNN_BOX }]);
    expect(refs[0]!.clean).toMatchObject({ found: false, score: null, box: null });
    expect(judgeTransfer([ELSEWHERE], refs)[0]!.found).toBe(false);
    expect(judgeTransfer([TINY_CLEAN], refs)[0]).toMatchObject({ found: true, score: 0.975 });
  });
});
