"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { fieldErrorsOf } from "@/lib/field-errors";
import type { ProductImageOutput as Image } from "@/server/routers/products/image.output";
import { useConfirm } from "../ui/ConfirmDialog";
import { useTRPC } from "@/trpc/client";

/** What the server accepts, for the file picker's filter (the server checks the content, whatever this says). */
const accept = "image/jpeg,image/png,image/webp,image/avif,image/gif";

interface Pending {
  key: string;
  file: File;
  preview: string;
  alt: string;
  error: string | null;
}

/**
 * A product's gallery for staff: drop pictures or pick them, give each its alt text, upload; reorder, make
 * one the main picture, fix an alt text, remove. Every change goes through the products.*Image procedures.
 */
export function ProductImages({ productId, images }: { productId: string; images: Image[] }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [pending, setPending] = useState<Pending[]>([]);
  const [dragging, setDragging] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.products.byId.queryKey({ id: productId }) });
  const add = useMutation(trpc.products.addImage.mutationOptions());
  const update = useMutation(trpc.products.updateImage.mutationOptions({ onSuccess: () => refresh() }));
  const [confirmDialog, confirm] = useConfirm();
  const remove = useMutation(trpc.products.removeImage.mutationOptions({ onSuccess: () => refresh() }));

  // Previews are object URLs: released when a pending picture goes, and those left when the page goes.
  const previews = useRef(new Set<string>());
  useEffect(() => {
    const open = previews.current;
    return () => open.forEach((url) => URL.revokeObjectURL(url));
  }, []);
  const drop = (key: string) =>
    setPending((list) =>
      list.filter((p) => {
        if (p.key !== key) return true;
        URL.revokeObjectURL(p.preview);
        previews.current.delete(p.preview);
        return false;
      }),
    );

  const choose = (files: FileList | null) => {
    // Copied now: the picker's list empties when the input is reset, before React runs the update.
    const chosen = [...(files ?? [])].map((file, i) => {
      const preview = URL.createObjectURL(file);
      previews.current.add(preview);
      return { key: `${Date.now()}-${i}-${file.name}`, file, preview, alt: "", error: null };
    });
    if (!chosen.length) return;
    setNotice(null);
    setPending((list) => [...list, ...chosen]);
  };

  const uploadAll = async () => {
    let uploaded = 0;
    for (const item of pending) {
      try {
        await add.mutateAsync({ productId, alt: item.alt, file: item.file });
        uploaded++;
        drop(item.key);
      } catch (error) {
        const fields = fieldErrorsOf(error);
        const message = fields.alt ?? fields.file ?? (error as Error).message;
        setPending((list) => list.map((p) => (p.key === item.key ? { ...p, error: message } : p)));
      }
    }
    if (uploaded) setNotice(`${uploaded} picture${uploaded === 1 ? "" : "s"} added.`);
    await refresh();
  };

  const changeError = update.error ?? remove.error;
  return (
    <section aria-labelledby="images-heading" className="product-images">
      {confirmDialog}
      <h2 id="images-heading">Pictures</h2>
      {notice ? (
        <p role="status" className="notice">
          {notice}
        </p>
      ) : null}
      {images.length ? (
        <ol className="gallery-editor" aria-label="Pictures, main one first">
          {images.map((image, index) => (
            <li key={image.id} data-testid="product-image">
              <img src={image.urls.thumb} alt={image.alt} width={80} height={Math.round((80 * image.height) / image.width)} />
              <div className="gallery-editor-fields">
                {index === 0 ? <span className="badge">Main picture</span> : null}
                <form
                  className="inline-field"
                  aria-label={`Alt text of picture ${index + 1}`}
                  onSubmit={(e) => {
                    e.preventDefault();
                    const alt = String(new FormData(e.currentTarget).get("alt") ?? "");
                    update.mutate({ productId, imageId: image.id, alt });
                  }}
                >
                  <label>
                    Alt text
                    <input name="alt" defaultValue={image.alt} required maxLength={250} />
                  </label>
                  <button type="submit" className="secondary" disabled={update.isPending}>
                    Save
                  </button>
                </form>
                <div className="actions">
                  {index > 0 ? (
                    <>
                      <button
                        type="button"
                        className="secondary"
                        onClick={() => update.mutate({ productId, imageId: image.id, position: 0 })}
                      >
                        Make main
                      </button>
                      <button
                        type="button"
                        className="secondary"
                        aria-label={`Move picture ${index + 1} up`}
                        onClick={() => update.mutate({ productId, imageId: image.id, position: index - 1 })}
                      >
                        ↑
                      </button>
                    </>
                  ) : null}
                  {index < images.length - 1 ? (
                    <button
                      type="button"
                      className="secondary"
                      aria-label={`Move picture ${index + 1} down`}
                      onClick={() => update.mutate({ productId, imageId: image.id, position: index + 1 })}
                    >
                      ↓
                    </button>
                  ) : null}
                  <button
                    type="button"
                    className="secondary"
                    onClick={async () => {
                      const yes = await confirm({
                        title: `Remove the picture "${image.alt}"?`,
                        body: "It leaves the product's gallery and the storefront.",
                        confirmLabel: "Remove",
                      });
                      if (yes) remove.mutate({ productId, imageId: image.id });
                    }}
                  >
                    Remove
                  </button>
                </div>
              </div>
            </li>
          ))}
        </ol>
      ) : (
        <p className="hint">No pictures yet: the storefront shows a placeholder.</p>
      )}
      {changeError ? (
        <p role="alert" className="error">
          {changeError.message}
        </p>
      ) : null}

      <label
        className={dragging ? "drop-zone dragging" : "drop-zone"}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => {
          e.preventDefault();
          setDragging(false);
          choose(e.dataTransfer.files);
        }}
      >
        <span>Drop pictures here, or choose files</span>
        <span className="hint">JPEG, PNG, WebP, AVIF or GIF, up to 10 MB each</span>
        <input
          type="file"
          accept={accept}
          multiple
          onChange={(e) => {
            choose(e.currentTarget.files);
            e.currentTarget.value = "";
          }}
        />
      </label>

      {pending.length ? (
        <form
          className="pending-images"
          aria-label="Pictures to upload"
          onSubmit={(e) => {
            e.preventDefault();
            void uploadAll();
          }}
        >
          <ul>
            {pending.map((item) => (
              <li key={item.key}>
                <img src={item.preview} alt="" width={80} />
                <label>
                  Alt text for {item.file.name}
                  <input
                    value={item.alt}
                    required
                    maxLength={250}
                    aria-invalid={item.error ? true : undefined}
                    onChange={(e) => {
                      const alt = e.currentTarget.value;
                      setPending((list) => list.map((p) => (p.key === item.key ? { ...p, alt } : p)));
                    }}
                  />
                </label>
                {item.error ? (
                  <p role="alert" className="field-error">
                    {item.error}
                  </p>
                ) : null}
                <button type="button" className="secondary" onClick={() => drop(item.key)}>
                  Discard
                </button>
              </li>
            ))}
          </ul>
          <button type="submit" disabled={add.isPending}>
            {add.isPending ? "Uploading…" : `Upload ${pending.length} picture${pending.length === 1 ? "" : "s"}`}
          </button>
        </form>
      ) : null}
    </section>
  );
}
