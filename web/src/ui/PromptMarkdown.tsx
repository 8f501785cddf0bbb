import Markdown, { type Components } from "react-markdown";
import remarkGfm from "remark-gfm";

/**
 * The prompt can come from an organisation's uploaded package, so it is untrusted: raw HTML is
 * dropped (skipHtml), react-markdown's default URL filter removes javascript: and similar links,
 * and links open in a new tab without access to this page.
 */
const components: Components = {
  // The page's own h1 is the challenge title, so the prompt's headings move one level down.
  h1: (props) => <h2 {...withoutNode(props)} />,
  h2: (props) => <h3 {...withoutNode(props)} />,
  h3: (props) => <h4 {...withoutNode(props)} />,
  h4: (props) => <h5 {...withoutNode(props)} />,
  h5: (props) => <h6 {...withoutNode(props)} />,
  a: ({ children, href }) => (
    <a href={href} target="_blank" rel="noopener noreferrer">
      {children}
      <span className="visually-hidden"> (opens in a new tab)</span>
    </a>
  ),
  // Wide tables scroll inside the prompt instead of widening the page.
  table: (props) => (
    <div className="prompt-markdown-table">
      <table {...withoutNode(props)} />
    </div>
  ),
};

function withoutNode<T extends { node?: unknown }>(props: T): Omit<T, "node"> {
  const { node: _node, ...rest } = props;
  return rest;
}

/** Prompts usually open with the challenge's title, which the page already shows as its h1. */
function withoutLeadingTitle(markdown: string, title: string): string {
  const [firstLine = "", ...rest] = markdown.trimStart().split("\n");
  return firstLine.replace(/^#\s+/, "").trim() === title && firstLine.startsWith("# ")
    ? rest.join("\n")
    : markdown;
}

export function PromptMarkdown({ markdown, title }: { markdown: string; title: string }) {
  return (
    <div className="prompt-markdown">
      <Markdown remarkPlugins={[remarkGfm]} skipHtml components={components}>
        {withoutLeadingTitle(markdown, title)}
      </Markdown>
    </div>
  );
}
