import ReactMarkdown, { type Options } from 'react-markdown';

interface MdNode {
  type: string;
  value?: string;
  children?: MdNode[];
}

/**
 * Raw HTML in recorded Markdown becomes plain text: it is shown, never parsed
 * into elements (react-markdown has no raw HTML support without rehype-raw,
 * and would otherwise drop it silently).
 */
function htmlAsText() {
  const walk = (node: MdNode) => {
    if (node.type === 'html') node.type = 'text';
    node.children?.forEach(walk);
  };
  return (tree: MdNode) => walk(tree);
}

const remarkPlugins: Options['remarkPlugins'] = [htmlAsText];

/** Untrusted Markdown (a final analysis): elements only from Markdown syntax, safe URLs only. */
export function Markdown({ text }: { text: string }) {
  return (
    <div className="markdown">
      <ReactMarkdown remarkPlugins={remarkPlugins} skipHtml={false}>
        {text}
      </ReactMarkdown>
    </div>
  );
}
