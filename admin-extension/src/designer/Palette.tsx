/** The node types, grouped by kind, searchable; drag one onto the canvas, or press Enter to add it. */
import { SearchInput, Title } from '@patternfly/react-core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { NodeKind, NodeTypeInfo } from './model/index.js';

export const nodeTypeMime = 'application/x-io-node-type';

const groups: Array<{ kind: NodeKind; key: string; label: string }> = [
  { kind: 'frontend', key: 'ioDesigner.kind.frontend', label: 'Screens' },
  { kind: 'backend', key: 'ioDesigner.kind.backend', label: 'Logic' },
  { kind: 'decision', key: 'ioDesigner.kind.decision', label: 'Decisions' },
  { kind: 'integration', key: 'ioDesigner.kind.integration', label: 'Integrations' },
];

export function Palette({ types, onAdd, disabled }: { types: readonly NodeTypeInfo[]; onAdd: (type: string) => void; disabled?: boolean }) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const shown = useMemo(() => {
    const words = search.trim().toLowerCase();
    return types.filter((type) => !words || type.type.includes(words) || type.description.toLowerCase().includes(words));
  }, [types, search]);
  return (
    <nav className="io-designer-palette" aria-label={t('ioDesigner.palette', 'Node types')}>
      <SearchInput
        aria-label={t('ioDesigner.searchNodeTypes', 'Search node types')}
        placeholder={t('ioDesigner.searchNodeTypes', 'Search node types')}
        value={search}
        onChange={(_event, value) => setSearch(value)}
        onClear={() => setSearch('')}
      />
      {groups.map(({ kind, key, label }) => {
        const members = shown.filter((type) => type.kind === kind);
        if (members.length === 0) return null;
        return (
          <section key={kind} aria-labelledby={`io-palette-${kind}`}>
            <Title headingLevel="h3" size="md" id={`io-palette-${kind}`}>
              {t(key, label)}
            </Title>
            <ul>
              {members.map((type) => (
                // The item itself is a button (focusable, draggable); the <li> stays a list item.
                <li key={type.type}>
                  <div
                    data-testid={`palette-${type.type}`}
                    className="io-designer-palette__item"
                    draggable={!disabled}
                    tabIndex={disabled ? -1 : 0}
                    role="button"
                    aria-disabled={disabled}
                    title={t('ioDesigner.addNode', 'Add {{type}}', { type: type.type })}
                    onDragStart={(event) => {
                      event.dataTransfer.setData(nodeTypeMime, type.type);
                      event.dataTransfer.effectAllowed = 'move';
                    }}
                    onKeyDown={(event) => {
                      if (!disabled && (event.key === 'Enter' || event.key === ' ')) {
                        event.preventDefault();
                        onAdd(type.type);
                      }
                    }}
                    onDoubleClick={() => !disabled && onAdd(type.type)}
                  >
                    <strong>{type.type}</strong>
                    <small>{type.description}</small>
                  </div>
                </li>
              ))}
            </ul>
          </section>
        );
      })}
    </nav>
  );
}
