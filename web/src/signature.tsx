import { Button, Group, Input, Stack, Text } from '@mantine/core';
import { forwardRef, useEffect, useImperativeHandle, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

export interface SignatureHandle {
  /** The drawing as a PNG (base64, no data: prefix), or null when nothing was drawn. */
  toPngBase64(): string | null;
  clear(): void;
}

/**
 * The customer signs on screen with a finger, pen or mouse. Who cannot draw (keyboard only) may
 * write the signer's name into it instead ("type to sign"), which is drawn in script.
 */
export const SignaturePad = forwardRef<SignatureHandle, { label: string; typedName: string }>(
  function SignaturePad({ label, typedName }, ref) {
    const { t } = useTranslation();
    const canvas = useRef<HTMLCanvasElement>(null);
    const drawing = useRef(false);
    const [empty, setEmpty] = useState(true);

    const context = () => {
      const ctx = canvas.current?.getContext('2d');
      if (ctx) {
        ctx.lineWidth = 2.5;
        ctx.lineCap = 'round';
        ctx.strokeStyle = '#1a1b4b';
      }
      return ctx;
    };
    const point = (e: React.PointerEvent<HTMLCanvasElement>) => {
      const rect = e.currentTarget.getBoundingClientRect();
      return {
        x: ((e.clientX - rect.left) / rect.width) * e.currentTarget.width,
        y: ((e.clientY - rect.top) / rect.height) * e.currentTarget.height,
      };
    };
    const clear = () => {
      const c = canvas.current;
      c?.getContext('2d')?.clearRect(0, 0, c.width, c.height);
      setEmpty(true);
    };
    useImperativeHandle(ref, () => ({
      toPngBase64: () =>
        empty || !canvas.current ? null : canvas.current.toDataURL('image/png').split(',')[1]!,
      clear,
    }));
    useEffect(() => {
      const c = canvas.current;
      if (c) c.getContext('2d')?.clearRect(0, 0, c.width, c.height);
    }, []);
    const typeToSign = () => {
      const ctx = context();
      const c = canvas.current;
      if (!ctx || !c || !typedName.trim()) return;
      ctx.clearRect(0, 0, c.width, c.height);
      ctx.font = 'italic 36px "Segoe Script", "Brush Script MT", cursive';
      ctx.fillStyle = '#1a1b4b';
      ctx.fillText(typedName, 20, c.height / 2 + 12);
      setEmpty(false);
    };
    return (
      <Input.Wrapper label={label} description={t('visit.signatureHint')} required>
        <Stack gap={4}>
          <canvas
            ref={canvas}
            width={560}
            height={160}
            role="img"
            aria-label={empty ? t('visit.signatureEmpty') : t('visit.signatureDrawn')}
            data-testid="signature-pad"
            style={{
              border: '1px solid var(--mantine-color-gray-5)',
              borderRadius: 6,
              touchAction: 'none',
              maxWidth: '100%',
              background: '#fff',
            }}
            onPointerDown={(e) => {
              const ctx = context();
              if (!ctx) return;
              drawing.current = true;
              e.currentTarget.setPointerCapture(e.pointerId);
              const p = point(e);
              ctx.beginPath();
              ctx.moveTo(p.x, p.y);
            }}
            onPointerMove={(e) => {
              if (!drawing.current) return;
              const ctx = context();
              const p = point(e);
              ctx?.lineTo(p.x, p.y);
              ctx?.stroke();
              setEmpty(false);
            }}
            onPointerUp={() => {
              drawing.current = false;
            }}
          />
          <Group gap="xs">
            <Button size="xs" variant="default" onClick={clear}>
              {t('visit.clearSignature')}
            </Button>
            <Button size="xs" variant="subtle" onClick={typeToSign} disabled={!typedName.trim()}>
              {t('visit.typeToSign')}
            </Button>
            {empty && (
              <Text size="xs" c="dimmed">
                {t('visit.signatureEmpty')}
              </Text>
            )}
          </Group>
        </Stack>
      </Input.Wrapper>
    );
  },
);
