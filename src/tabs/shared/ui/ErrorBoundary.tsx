import { Component } from 'react';
import type { ErrorInfo, ReactNode } from 'react';
import { reportError } from '../../../plugin-api/pluginApi';
import { ErrorState } from './PageStates';

interface Props {
  children: ReactNode;
}
interface State {
  error: unknown;
}

/** A render error shows an error state in this page and reaches WebAdmin's UI log, nothing more. */
export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: undefined };

  static getDerivedStateFromError(error: unknown): State {
    return { error };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    reportError(`page render failed${info.componentStack ? ' in a component' : ''}`, error);
  }

  override render(): ReactNode {
    if (this.state.error !== undefined)
      return (
        <ErrorState
          error={this.state.error}
          onRetry={() => {
            this.setState({ error: undefined });
          }}
        />
      );
    return this.props.children;
  }
}
